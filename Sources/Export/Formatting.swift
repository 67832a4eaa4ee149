import Foundation

/// `%.4f` as Python prints it (`-6.0000`, `nan`, `inf`, `-inf`): draw_dot's number format.
public func fixed(_ x: Double, places: Int = 4) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return String(format: "%.\(places)f", x)
}

/// Pads `text` with spaces on the right to `width` characters.
func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// Pads `text` with spaces on the left to `width` characters.
func leftPadded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}
