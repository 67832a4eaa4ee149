import Foundation
import Export

/// Numbers as the screen shows them: draw_dot's four decimals, fewer when a field is narrow.
enum NumberFormat {
    /// `x` in at most `width` columns: `%.4f` if it fits, then fewer decimals, then `%.1e`.
    static func fit(_ x: Double, width: Int = 8) -> String {
        for places in stride(from: 4, through: 0, by: -1) {
            let text = fixed(x, places: places)
            if text.count <= width { return text }
        }
        let scientific = fixed(x, places: 1).count > width ? scientificText(x) : fixed(x, places: 1)
        return scientific
    }

    private static func scientificText(_ x: Double) -> String {
        var text = String(format: "%.1e", x)
        // 1.0e+05 reads fine without the sign of a positive exponent's leading zero.
        text = text.replacingOccurrences(of: "e+0", with: "e+").replacingOccurrences(of: "e-0", with: "e-")
        return text
    }

    /// `%.4f`, as in the step pane and the trace.
    static func full(_ x: Double) -> String { fixed(x) }

    /// A short form for sentences: `3.0`, `-6.0`, `0.5`, `0.7071`.
    static func short(_ x: Double) -> String { shortNumber(x) }
}
