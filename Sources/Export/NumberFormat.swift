import Foundation

/// Numbers as gradstep writes them, everywhere: draw_dot's four decimals, a short form for
/// sentences, and fewer decimals where a field is narrow.
public enum NumberFormat {
    /// `%.4f` as Python prints it (`-6.0000`, `nan`, `inf`, `-inf`): draw_dot's number format;
    /// but a number too small for four decimals (a microgpt's grads, `0.0000256`) as `2.6e-5`,
    /// in as many columns, for a grad that is not zero must not read as one.
    public static func full(_ x: Double) -> String {
        if x != 0 && x.isFinite && abs(x) < 0.00005 {
            // Seven columns, as `-6.0000`: `-2.6e-5`, and `-3e-12` for the smallest.
            let text = scientific(x)
            return text.count <= 7 ? text : String(format: "%.0e", x).replacingOccurrences(of: "e-0", with: "e-")
        }
        return decimals(x, places: 4)
    }

    /// `%.Nf` as Python prints it, with Python's `nan`, `inf` and `-inf`.
    public static func decimals(_ x: Double, places: Int) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        // A grad that is exactly zero reads 0, whatever its sign bit: `-0.0000` would say it is negative.
        return String(format: "%.\(places)f", x == 0 ? 0 : x)
    }

    /// A short form for sentences: `3.0`, `-6.0`, `0.5`, `0.7071`.
    public static func short(_ x: Double) -> String {
        if !x.isFinite { return full(x) }
        var text = full(x)
        while text.hasSuffix("0") && !text.hasSuffix(".0") { text.removeLast() }
        return text
    }

    /// A sum as a sentence writes it, in the four decimals the screen shows: `-6.0 - 2.0 = -8.0`,
    /// `0.1991 + 0.2603 = 0.4594`; `≈` where the rounded numbers do not add up to the rounded
    /// total (`-0.1036 + 0.1464 ≈ 0.0429`), so that no number differs from its twin on screen.
    public static func sum(_ terms: [Double], equals total: Double) -> String {
        guard let first = terms.first else { return short(total) }
        var text = short(first)
        for term in terms.dropFirst() {
            text += term.isFinite && term < 0 ? " - " + short(-term) : " + " + short(term)
        }
        return text + (addsUp(terms, total) ? " = " : " ≈ ") + short(total)
    }

    /// Whether `terms`, each rounded as `full` writes them, add up to `total` rounded the same way.
    static func addsUp(_ terms: [Double], _ total: Double) -> Bool {
        func rounded(_ x: Double) -> Decimal? { Decimal(string: full(x)) }
        guard let shownTotal = rounded(total) else { return false }
        var shownSum = Decimal(0)
        for term in terms {
            guard let shown = rounded(term) else { return false }
            shownSum += shown
        }
        return shownSum == shownTotal
    }

    /// `x` in at most `width` columns: `%.4f` if it fits, then fewer decimals, then `%.1e`.
    public static func fit(_ x: Double, width: Int = 8) -> String {
        for places in stride(from: 4, through: 0, by: -1) {
            let text = decimals(x, places: places)
            if text.count <= width { return text }
        }
        return scientific(x)
    }

    /// `1.5e+5`: `%.1e`, without the exponent's leading zero.
    private static func scientific(_ x: Double) -> String {
        String(format: "%.1e", x).replacingOccurrences(of: "e+0", with: "e+").replacingOccurrences(of: "e-0", with: "e-")
    }
}
