/// Block letters three rows tall, for the engine banner on a tall screen: the words a class
/// must read from the back of the room are drawn larger than anything else.
///
/// Each glyph is 3 pixels wide and 5 high; two pixel rows share a text row through the
/// half-block characters `▀ ▄ █`.
enum BannerFont {
    private static let glyphs: [Character: [String]] = [
        "B": ["##.", "#.#", "##.", "#.#", "##."],
        "U": ["#.#", "#.#", "#.#", "#.#", "###"],
        "G": ["###", "#..", "#.#", "#.#", "###"],
        "Y": ["#.#", "#.#", ".#.", ".#.", ".#."],
        "F": ["###", "#..", "##.", "#..", "#.."],
        "I": ["###", ".#.", ".#.", ".#.", "###"],
        "X": ["#.#", "#.#", ".#.", "#.#", "#.#"],
        "E": ["###", "#..", "##.", "#..", "###"],
        "D": ["##.", "#.#", "#.#", "#.#", "##."],
        "O": ["###", "#.#", "#.#", "#.#", "###"],
        "R": ["##.", "#.#", "##.", "#.#", "#.#"],
        "S": ["###", "#..", "###", "..#", "###"],
        "=": ["...", "###", "...", "###", "..."],
        "+": ["...", ".#.", "###", ".#.", "..."],
        " ": ["...", "...", "...", "...", "..."],
    ]

    /// `text` in block letters: three rows of equal width (letters one column apart).
    static func render(_ text: String) -> [String] {
        let letters = text.map { glyphs[$0] ?? glyphs[" "]! }
        return (0..<3).map { row in
            letters.map { pixels in
                String((0..<3).map { column -> Character in
                    let top = pixels[row * 2].dropFirst(column).first == "#"
                    let bottom = row * 2 + 1 < 5 && pixels[row * 2 + 1].dropFirst(column).first == "#"
                    return top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " "
                })
            }.joined(separator: " ")
        }
    }

    /// Columns `render(text)` takes.
    static func width(_ text: String) -> Int { text.count * 4 - 1 }
}
