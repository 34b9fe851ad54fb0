// A small XML tree with line numbers, read with Foundation's XMLParser. Importers walk it
// and report errors as file:line.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One XML element: name, attributes, children and the line it starts on.
public final class XMLNode {
    public let name: String
    public let attributes: [String: String]
    public let line: Int
    public private(set) var children: [XMLNode] = []
    public internal(set) var text: String = ""
    public weak private(set) var parent: XMLNode?

    init(name: String, attributes: [String: String], line: Int, parent: XMLNode?) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.parent = parent
    }

    fileprivate func append(_ child: XMLNode) { children.append(child) }

    /// Children with the given element name, in document order.
    public func children(named name: String) -> [XMLNode] { children.filter { $0.name == name } }
    public func child(named name: String) -> XMLNode? { children.first { $0.name == name } }
    public subscript(attribute: String) -> String? { attributes[attribute] }
}

/// A parsed XML file.
public struct XMLTree {
    public let file: String
    public let root: XMLNode

    /// Reads and parses `path`. Tolerates what real robot files contain: a UTF-8 byte-order
    /// mark, CRLF line endings and trailing NUL bytes.
    public static func load(path: String) throws -> XMLTree {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(file: path, line: 0, message: "cannot read the file (missing or unreadable)")
        }
        return try parse(data: data, file: path)
    }

    public static func parse(data: Data, file: String) throws -> XMLTree {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        while let last = bytes.last, last == 0 || last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 {
            bytes.removeLast()
        }
        if bytes.contains(0) {
            throw ImportError(file: file, line: lineOf(offset: bytes.firstIndex(of: 0) ?? 0, in: bytes),
                              message: "the file contains a NUL byte inside its text")
        }
        bytes = try utf8Text(bytes, file: file)
        try rejectEmptyProcessingInstructions(bytes, file: file)
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = builder
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let mismatch = builder.mismatch {
            throw ImportError(file: file, line: mismatch.line, message: "XML syntax: \(mismatch.message)")
        }
        if let open = builder.stack.last {
            throw ImportError(file: file, line: open.line, message: "XML syntax: <\(open.name)> is never closed")
        }
        if !ok || builder.root == nil {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "not well-formed XML"
            throw ImportError(file: file, line: max(parser.lineNumber, builder.errorLine ?? 0),
                              message: "XML syntax: \(reason)")
        }
        guard let root = builder.root else { throw ImportError(file: file, line: 0, message: "no root element") }
        return XMLTree(file: file, root: root)
    }

    /// Foundation's XMLParser crashes (strlen of a null pointer) on a processing instruction
    /// with no data, such as `<?xm?>` (fuzzing found it), so such an instruction is an error
    /// naming its line before the parser sees the text. `<?xml?>` is left to the parser, which
    /// reports it as a malformed declaration.
    static func rejectEmptyProcessingInstructions(_ bytes: [UInt8], file: String) throws {
        let question = UInt8(ascii: "?"), less = UInt8(ascii: "<"), greater = UInt8(ascii: ">")
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var index = 0
        while index + 1 < bytes.count {
            defer { index += 1 }
            guard bytes[index] == less, bytes[index + 1] == question else { continue }
            var end = index + 2
            while end < bytes.count, !isSpace(bytes[end]), bytes[end] != question { end += 1 }
            let target = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
            while end < bytes.count, isSpace(bytes[end]) { end += 1 }
            guard end + 1 < bytes.count, bytes[end] == question, bytes[end + 1] == greater,
                  target.lowercased() != "xml" else { continue }
            throw ImportError(file: file, line: lineOf(offset: index, in: bytes),
                              message: "XML syntax: the processing instruction <?\(target)?> has no data")
        }
    }

    /// The text as UTF-8. A file that declares `encoding="ISO-8859-1"` (or latin1) is
    /// transcoded and its declaration rewritten; any other file must be valid UTF-8 — else an
    /// error naming the line of the first bad byte. (Foundation's XMLParser crashes on element
    /// names that are not valid UTF-8, so nothing else may reach it.)
    static func utf8Text(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        let head = String(decoding: bytes.prefix(200), as: UTF8.self)
        if let declarationEnd = head.range(of: "?>"), head.hasPrefix("<?xml") {
            let declaration = head[..<declarationEnd.upperBound].lowercased()
            for latin1 in ["iso-8859-1", "latin1", "latin-1", "iso_8859-1"] where declaration.contains("\"\(latin1)\"") || declaration.contains("'\(latin1)'") {
                let declarationBytes = head[..<declarationEnd.upperBound].utf8.count
                let rewritten = String(head[..<declarationEnd.upperBound]).replacingOccurrences(
                    of: latin1, with: "UTF-8", options: .caseInsensitive)
                return Array(rewritten.utf8) + Array(String(bytes[declarationBytes...].map { Character(Unicode.Scalar($0)) }).utf8)
            }
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): offset += UTF8.width(scalar)
            case .emptyInput: return bytes
            case .error:
                throw ImportError(file: file, line: lineOf(offset: offset, in: bytes),
                                  message: "the text is not valid UTF-8 (byte \(offset)); save the file as UTF-8 or declare its encoding")
            }
        }
    }

    private static func lineOf(offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLNode?
    var stack: [XMLNode] = []
    var errorLine: Int?
    var mismatch: (line: Int, message: String)?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let node = XMLNode(name: elementName, attributes: attributes, line: parser.lineNumber, parent: stack.last)
        if let parent = stack.last { parent.append(node) } else if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        // Foundation's parser on Linux recovers from mismatched tags; we do not.
        if let open = stack.last, open.name != elementName, mismatch == nil {
            mismatch = (parser.lineNumber, "</\(elementName)> closes <\(open.name)> opened on line \(open.line)")
            parser.abortParsing()
        }
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        errorLine = parser.lineNumber
    }
}
