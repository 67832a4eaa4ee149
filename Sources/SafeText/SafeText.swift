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

extension SafeText {
    /// The most characters of a label (or a name, or a value's script text) gradstep keeps to
    /// draw: the widest screen it draws, `--width 2000`. The whole text stays in JSON.
    public static let shownCharacters = 2000

    /// The most Unicode scalars one character keeps: a letter under 200,000 combining marks would
    /// otherwise make every cell it is drawn in 800 KB. The longest emoji sequences take 10.
    public static let scalarsPerCharacter = 16

    /// `text` as every screen and text report draws it, worked out once: unsafe characters
    /// written out (`visible`), each character's combining marks capped, cut with `…`.
    /// - Complexity: O(n) in the characters of `text`; at most `shownCharacters` are kept.
    public static func shown(_ text: String) -> String {
        var out = ""
        var count = 0
        for character in text {
            if count == shownCharacters {
                out.removeLast()
                return out + "…"
            }
            let scalars = character.unicodeScalars
            if scalars.count <= scalarsPerCharacter && !scalars.contains(where: isUnsafe) {
                out.append(character)
            } else {
                var kept = String.UnicodeScalarView()
                kept.append(contentsOf: scalars.prefix(scalarsPerCharacter))
                out += visible(String(kept))
            }
            count += 1
        }
        return out
    }

    /// `text` with every character outside ASCII written out as `\u00e9`: for text going to a
    /// terminal whose locale is not UTF-8, where those bytes would be shown as garbage or, as
    /// 0x9B and 0x8D, read as control sequences.
    public static func asciiOnly(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                out.append(scalar)
            } else {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            }
        }
        return String(out)
    }
}
