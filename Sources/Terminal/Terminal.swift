import CNcurses
import Canvas
import Foundation
import TerminalRestore

/// The terminal, through ncurses: the only code in gradstep that talks to it.
///
/// It starts the screen (or says clearly why it cannot), copies grids to it (only the rows that
/// changed), reads keys, and puts the terminal back on every way out: `stop()`, and on
/// SIGINT, SIGTERM, SIGHUP and crashes through a signal-safe handler in `CNcurses`.
@MainActor
public final class Terminal {
    /// Why the screen cannot start; each says what to do instead.
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case noTerm
        case dumbTerm
        case unknownTerm(String)

        public var description: String {
            let instead = "use `gradstep frame` or `gradstep trace` for text output"
            return switch self {
            case .notATerminal: "gradstep: standard input and output must be a terminal; \(instead)"
            case .noTerm: "gradstep: TERM is not set, so the terminal's capabilities are unknown; \(instead)"
            case .dumbTerm: "gradstep: TERM=dumb cannot draw a full screen; \(instead)"
            case .unknownTerm(let name): "gradstep: the terminal type '\(name)' is unknown here; \(instead)"
            }
        }
    }

    private let screen: OpaquePointer
    private var shown: Grid?
    private let palette: Palette?
    private var pairs: [Role: Int16] = [:]
    private var stopped = false

    /// Starts the full screen. `palette` nil means no colour (bold, reverse and underline only).
    public init(palette: Palette?) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw StartError.notATerminal }
        guard let term = ProcessInfo.processInfo.environment["TERM"], !term.isEmpty else { throw StartError.noTerm }
        guard term != "dumb" else { throw StartError.dumbTerm }
        setlocale(LC_ALL, "")
        var status: Int32 = 0
        // setupterm with a status pointer reports an unknown terminal instead of exiting.
        guard setupterm(term, STDOUT_FILENO, &status) == gs_ok() else { throw StartError.unknownTerm(term) }
        gs_forget_setup()

        gs_save_terminal_modes()
        gs_unblock_signals()
        gs_install_restore()
        guard let screen = gs_newterm(term) else { throw StartError.unknownTerm(term) }
        self.screen = screen
        set_term(screen)
        cbreak()
        noecho()
        nonl()
        // Ctrl-S must not freeze the screen: flow control off, and ncurses keeps that as its mode.
        gs_flow_control_off()
        def_prog_mode()
        keypad(gs_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        leaveok(gs_stdscr(), true)
        var usable = palette
        if usable != nil && has_colors() {
            start_color()
            use_default_colors()
        } else {
            usable = nil
        }
        self.palette = usable
        gs_set_leave_sequence(Self.leaveSequence())
        _ = gs_capture_stderr()
        setUpColours()
    }

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) {
        (Int(gs_cols()), Int(gs_lines()))
    }

    /// Shows `grid`, rewriting only the rows that differ from what is on screen.
    public func draw(_ grid: Grid) {
        let full = shown == nil || shown!.width != grid.width || shown!.height != grid.height
        if full { werase(gs_stdscr()) }
        for y in 0..<grid.height {
            if !full, let shown, (0..<grid.width).allSatisfy({ shown[$0, y] == grid[$0, y] }) { continue }
            drawRow(y, of: grid)
        }
        shown = grid
        wnoutrefresh(gs_stdscr())
        doupdate()
    }

    /// Forgets what is on screen and draws everything again on the next `draw` (Ctrl-L).
    public func invalidate() {
        shown = nil
        clearok(gs_stdscr(), true)
    }

    /// Whether the terminal has gone away (its window closed, its connection dropped): no key
    /// will ever come again. Set by `readKey`.
    public private(set) var isGone = false

    /// The next key, waiting at most `milliseconds` (nil: wait for ever; 0: only one already typed).
    /// Nil when none came in time, or when the terminal has gone (see `isGone`).
    ///
    /// Characters are decoded here, byte by byte, in the locale's encoding (UTF-8, Latin-1, ...):
    /// a byte that cannot start or continue a character is dropped, and the key after it works.
    public func readKey(waitingAtMost milliseconds: Int?) -> Key? {
        var decoder = KeyDecoder()
        var wait = milliseconds
        while true {
            wtimeout(gs_stdscr(), Int32(wait ?? -1))
            let code = wgetch(gs_stdscr())
            if code == gs_err() {
                // ncurses reports end of input and a hangup as it reports a timeout: tell them apart,
                // or a program that ignores SIGHUP would spin for ever once its terminal is closed.
                if wait == nil || Self.inputHasHungUp() { isGone = true }
                if decoder.isEmpty || isGone { return nil }
                decoder = KeyDecoder()  // half a character, and the rest never came: dropped
                wait = milliseconds
                continue
            }
            guard (0...255).contains(code) else { return Self.functionKey(code) }
            switch decoder.feed(UInt8(code)) {
            case .character(let value): return Self.characterKey(value)
            case .needMore: wait = Self.restOfACharacter
            case .dropped: wait = milliseconds
            }
        }
    }

    /// How long the rest of a character's bytes may take to arrive after its first.
    private static let restOfACharacter = 50

    /// Whether standard input has hung up or failed, without waiting.
    private static func inputHasHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) >= 0 else { return errno != EINTR }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Puts the terminal back as it was and replays anything written to standard error meanwhile.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        endwin()
        gs_forget_restore()
        delscreen(screen)
        gs_release_stderr()
    }

    // MARK: - Drawing

    private func drawRow(_ y: Int, of grid: Grid) {
        wmove(gs_stdscr(), Int32(y), 0)
        var x = 0
        while x < grid.width {
            let style = grid[x, y].style
            var run = ""
            let start = x
            while x < grid.width && grid[x, y].style == style {
                run += grid[x, y].text
                x += 1
            }
            // The last cell of the screen cannot be written without scrolling; leave it blank.
            if y == grid.height - 1 && x == grid.width && !run.isEmpty { run.removeLast() }
            apply(style)
            var wide = run.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
            mvwaddwstr(gs_stdscr(), Int32(y), Int32(start), &wide)
        }
    }

    private func apply(_ style: Style) {
        var attributes = gs_attr_normal()
        if style.bold { attributes |= gs_attr_bold() }
        if style.reverse { attributes |= gs_attr_reverse() }
        if style.underline { attributes |= gs_attr_underline() }
        wattr_set(gs_stdscr(), attributes, pairs[style.role] ?? 0, nil)
    }

    private func setUpColours() {
        guard let palette else { return }
        let rich = gs_colors() >= 256
        let background = palette.background.map { rich ? $0 : 7 } ?? -1
        for role in Role.allCases {
            let colour = rich ? palette.colour(role) : palette.basicColour(role)
            // With a background of its own, every role needs a pair, or its cells keep the terminal's.
            guard colour != nil || background >= 0 else { continue }
            let pair = Int16(role.rawValue) + 1
            init_pair(pair, Int16(colour ?? -1), Int16(background))
            pairs[role] = pair
        }
        // What ncurses clears to (and the cells it never writes) takes the theme's background too.
        if background >= 0, let plain = pairs[.plain] { gs_set_background(plain) }
    }

    // MARK: - Keys

    nonisolated static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_SR: .shiftUp
        case KEY_SF: .shiftDown
        case KEY_SLEFT: .shiftLeft
        case KEY_SRIGHT: .shiftRight
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BACKSPACE: .backspace
        case KEY_ENTER: .enter
        case KEY_RESIZE: .resize
        case gs_key_f1(): .f1
        default: nil
        }
    }

    nonisolated static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 27: return .escape
        case 127, 8: return .backspace
        case 10, 13: return .enter
        case 9: return .tab
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        default: return Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }

    /// Bytes to a character in the locale's encoding, with `mbrtowc`.
    struct KeyDecoder {
        enum Outcome { case character(UInt32), needMore, dropped }

        private var state = mbstate_t()
        private(set) var isEmpty = true

        /// Takes one byte: a whole character, more needed, or an invalid sequence dropped (the
        /// byte that broke it starts over on its own, so a stray byte costs no key after it).
        mutating func feed(_ byte: UInt8) -> Outcome {
            var wide: wchar_t = 0
            var char = CChar(bitPattern: byte)
            let result = mbrtowc(&wide, &char, 1, &state)  // size_t, which Swift sees as Int
            switch result {
            case -2:
                isEmpty = false
                return .needMore
            case -1:
                let broken = !isEmpty
                self = KeyDecoder()
                return broken ? feed(byte) : .dropped
            default:
                self = KeyDecoder()
                return .character(UInt32(bitPattern: wide))
            }
        }
    }

    /// What puts the terminal back: reset attributes, show the cursor, keypad off, leave the alternate screen.
    private static func leaveSequence() -> String {
        ["sgr0", "cnorm", "rmkx", "rmcup"].map { name -> String in
            guard let pointer = tigetstr(name), Int(bitPattern: pointer) != -1 else { return "" }
            return String(cString: pointer)
        }.joined()
    }
}
