/// Makes untrusted text — labels, file names, script lines — safe to write where a person reads
/// it: every character that could steer a terminal or reorder what is shown is written out instead.
///
/// One rule for every human-readable output (the screen, `frame`, `trace` text, `dot` labels,
/// error messages): C0 controls, DEL and C1 controls become `\x1b`, `\x9b` (`\n`, `\t`, `\r` for
/// the common three); line separators and bidirectional controls (U+2028, U+2029, U+202A–U+202E,
/// U+2066–U+2069) become `\u202e`. JSON escapes the same characters as `\u009b`, so its strings
/// round-trip exactly.
public enum SafeText {
    /// `text` with every unsafe character written out.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = ""
        for scalar in text.unicodeScalars { out += visible(scalar) }
        return out
    }

    /// One character as it is safe to show: itself, or written out.
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x0D: return "\\r"
        case 0x00..<0x20, 0x7F, 0x80..<0xA0:
            let hex = String(scalar.value, radix: 16)
            return "\\x" + (hex.count < 2 ? "0" + hex : hex)
        case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
            return "\\u" + String(scalar.value, radix: 16)
        default:
            return String(scalar)
        }
    }

    /// Whether `scalar` must not reach a terminal as it is.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

extension SafeText {
    /// A JSON string literal with RFC 8259 escapes; every character `visible` writes out is
    /// escaped as `\u009b` too, so nothing raw reaches a terminal and the string round-trips.
    public static func jsonQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isUnsafe(scalar):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
