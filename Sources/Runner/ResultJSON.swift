// ResultJSON: how Runner spells its JSON files (batch summaries and manifests, episode lines,
// regression results and baselines, scene fingerprints). Numbers JSON has no spelling for
// (a diverged episode's NaN or infinite return) are the strings "inf", "-inf" and "nan",
// written and read by one pair of strategies, so what one command writes another reads.
import Foundation

public enum ResultJSON {
    /// Files people read: sorted keys, indented, slashes as they are.
    static let fileFormatting: JSONEncoder.OutputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]

    /// An encoder with `formatting` that writes non-finite numbers as "inf", "-inf", "nan".
    static func encoder(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: nan)
        return encoder
    }

    /// A decoder that reads what `encoder` writes, non-finite numbers included.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: nan)
        return decoder
    }

    /// One number as JSON text with `digits` decimals, for output written by hand (`bench
    /// walk --json`): a non-finite one as the string the encoder writes for it.
    public static func number(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "\"\(nan)\"" }
        if value.isInfinite { return "\"\(value > 0 ? positiveInfinity : negativeInfinity)\"" }
        return String(format: "%.\(digits)f", value)
    }

    private static let positiveInfinity = "inf", negativeInfinity = "-inf", nan = "nan"
}
