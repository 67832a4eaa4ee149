import CNcurses
import Canvas
import Testing
@testable import Terminal

/// What ncurses reports, turned into the keys the debugger maps.
@Suite struct KeyDecodingTests {
    @Test func charactersAndControlKeys() {
        #expect(Terminal.characterKey(UInt32(UInt8(ascii: "n"))) == .character("n"))
        #expect(Terminal.characterKey(0xE9) == .character("é"))
        #expect(Terminal.characterKey(27) == .escape)
        #expect(Terminal.characterKey(127) == .backspace)
        #expect(Terminal.characterKey(8) == .backspace)
        #expect(Terminal.characterKey(13) == .enter)
        #expect(Terminal.characterKey(12) == .control("l"))
        #expect(Terminal.characterKey(32) == .character(" "))
    }

    @Test func functionKeys() {
        #expect(Terminal.functionKey(KEY_RIGHT) == .right)
        #expect(Terminal.functionKey(KEY_SLEFT) == .shiftLeft)
        #expect(Terminal.functionKey(KEY_SR) == .shiftUp)
        #expect(Terminal.functionKey(KEY_HOME) == .home)
        #expect(Terminal.functionKey(KEY_BACKSPACE) == .backspace)
        #expect(Terminal.functionKey(KEY_RESIZE) == .resize)
        #expect(Terminal.functionKey(gs_key_f1()) == .f1)
        #expect(Terminal.functionKey(KEY_F0 + 12) == nil)
    }
}
