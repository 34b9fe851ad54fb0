// Matrix: a small dense matrix for the controllers (IK, balance). Row-major doubles.

public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]? = nil) {
        self.rows = rows
        self.columns = columns
        self.values = values ?? [Double](repeating: 0, count: rows * columns)
    }

    public init(rows: [[Double]], columns: Int) {
        self.init(rows: rows.count, columns: columns, values: rows.flatMap { $0 })
    }

    public init(column: [Double]) { self.init(rows: column.count, columns: 1, values: column) }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "matrix sizes do not match")
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for k in 0..<a.columns {
                let aik = a[i, k]
                if aik == 0 { continue }
                for j in 0..<b.columns { c.values[i * c.columns + j] += aik * b.values[k * b.columns + j] }
            }
        }
        return c
    }

    public static func * (a: Matrix, s: Double) -> Matrix { Matrix(rows: a.rows, columns: a.columns, values: a.values.map { $0 * s }) }
    public static func + (a: Matrix, b: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, values: zip(a.values, b.values).map { $0 + $1 })
    }
    public static func - (a: Matrix, b: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, values: zip(a.values, b.values).map { $0 - $1 })
    }

    /// Solves self · X = b for square, non-singular self (Gaussian elimination, partial pivoting).
    public func solve(_ b: Matrix) -> Matrix {
        let n = rows
        var a = self
        var x = b
        for col in 0..<n {
            var pivot = col
            for r in (col + 1)..<max(col + 1, n) where abs(a[r, col]) > abs(a[pivot, col]) { pivot = r }
            if pivot != col {
                for j in 0..<n { let t = a[col, j]; a[col, j] = a[pivot, j]; a[pivot, j] = t }
                for j in 0..<x.columns { let t = x[col, j]; x[col, j] = x[pivot, j]; x[pivot, j] = t }
            }
            let d = a[col, col]
            guard abs(d) > 1e-300 else { continue }
            for r in 0..<n where r != col {
                let f = a[r, col] / d
                if f == 0 { continue }
                for j in col..<n { a[r, j] -= f * a[col, j] }
                for j in 0..<x.columns { x[r, j] -= f * x[col, j] }
            }
        }
        for r in 0..<n {
            let d = a[r, r]
            for j in 0..<x.columns { x[r, j] = abs(d) > 1e-300 ? x[r, j] / d : 0 }
        }
        return x
    }

    /// Damped pseudo-inverse Aᵀ (A Aᵀ + λ² I)⁻¹.
    public func pseudoInverse(damping: Double) -> Matrix {
        transposed * (self * transposed + Matrix.identity(rows) * (damping * damping)).solve(Matrix.identity(rows))
    }
}
