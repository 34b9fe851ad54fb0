// PNGReader: reads PNG files back as 8-bit RGB (for tests, image diffs and textures).
import CPNG

/// Reads PNG files. Stateless; safe from any thread.
public enum PNGReader {
    /// The picture in the PNG file at `path`, converted to 8-bit RGB (grey is expanded,
    /// alpha is composited onto black). Throws `RenderError.png` when the file is missing
    /// or is not a PNG libpng can read.
    public static func read(path: String) throws -> RGBImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_file(&image, path) != 0 else {
            defer { png_image_free(&image) }
            throw RenderError.png(path: path, message: "cannot read: \(PNGWriter.message(of: image))")
        }
        image.format = UInt32(PNG_FORMAT_RGB)
        let width = Int(image.width), height = Int(image.height)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var black = png_color(red: 0, green: 0, blue: 0)
        let finished = pixels.withUnsafeMutableBytes { bytes in
            png_image_finish_read(&image, &black, bytes.baseAddress, Int32(width * 3), nil)
        }
        defer { png_image_free(&image) }
        guard finished != 0 else {
            throw RenderError.png(path: path, message: "cannot decode: \(PNGWriter.message(of: image))")
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}
