// PNGWriter: saves 8-bit RGB pictures (screenshots, camera images) as PNG files with
// libpng's simplified API.
import CPNG
import Foundation

/// Writes PNG files. Stateless; safe from any thread.
public enum PNGWriter {
    /// Writes `rgb` (`width × height × 3` bytes, rows from the top, red-green-blue) to
    /// `path`, replacing any file there. Throws `RenderError.png` naming the path and the
    /// reason (for example a missing directory or no permission) and `.invalidSize` for a
    /// non-positive size or a buffer of the wrong length.
    public static func write(rgb: [UInt8], width: Int, height: Int, path: String) throws {
        guard width > 0, height > 0, width <= Int(Int32.max) / 3, height <= Int(Int32.max) else {
            throw RenderError.invalidSize(width: width, height: height, limit: Int(Int32.max) / 3)
        }
        guard rgb.count == width * height * 3 else {
            throw RenderError.png(path: path, message: "expected \(width * height * 3) bytes for \(width)×\(height) RGB, got \(rgb.count)")
        }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = UInt32(PNG_FORMAT_RGB)
        let written = rgb.withUnsafeBytes { bytes in
            png_image_write_to_file(&image, path, 0, bytes.baseAddress, Int32(width * 3), nil)
        }
        defer { png_image_free(&image) }
        guard written != 0 else {
            throw RenderError.png(path: path, message: "cannot write: \(PNGWriter.message(of: image))")
        }
    }

    /// Writes `image` to `path`; see `write(rgb:width:height:path:)`.
    public static func write(_ image: RGBImage, path: String) throws {
        try write(rgb: image.pixels, width: image.width, height: image.height, path: path)
    }

    /// libpng's message in `image`, or a generic one when it left none.
    static func message(of image: png_image) -> String {
        var buffer = image.message
        let text = withUnsafeBytes(of: &buffer) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? "libpng failed without a message" : text
    }
}
