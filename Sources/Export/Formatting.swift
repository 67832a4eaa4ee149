import Canvas
import Foundation

/// `%.4f` as Python prints it (`-6.0000`, `nan`, `inf`, `-inf`): draw_dot's number format.
public func fixed(_ x: Double, places: Int = 4) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return String(format: "%.\(places)f", x)
}

/// Pads `text` with spaces on the right to `width` columns.
func padded(_ text: String, _ width: Int) -> String {
    columns(text) >= width ? text : text + String(repeating: " ", count: width - columns(text))
}

/// The columns `text` takes on a terminal: a CJK character or an emoji takes two.
func columns(_ text: String) -> Int { DisplayWidth.of(text) }

/// Pads `text` with spaces on the left to `width` columns.
func leftPadded(_ text: String, _ width: Int) -> String {
    columns(text) >= width ? text : String(repeating: " ", count: width - columns(text)) + text
}
