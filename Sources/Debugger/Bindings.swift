import Canvas

/// One row of the binding table: keys that do one thing, or two or three related things
/// (`g` / `G`), with the help's words for them and their place on the status bar.
struct Binding: Sendable {
    /// What is on screen: in a prompt and over the help, keys mean other things.
    public enum Mode: Sendable { case main, help, prompt }

    /// Keys and what they do.
    public struct Chord: Sendable {
        public let keys: [Key]
        let action: @Sendable (Key, DebuggerState) -> Action
        /// The action, where it does not depend on what is on screen.
        var always: Action? = nil
    }

    /// A key on the status bar: where it stands (0 first), what it says, and what it shows for.
    public struct Status: Sendable {
        let rank: Int
        public let key: String
        let label: @Sendable (DebuggerState) -> String
    }

    public let mode: Mode
    let chords: [Chord]
    /// The help page's and the README's words: `step: the next _backward() call`.
    public let help: String
    /// The keys as the help writes them, where the names of the keys alone would not do
    /// (`: step or name Enter`); nil writes the names.
    let shownKeys: String?
    public let status: Status?
    /// Bound but never named: the terminal's resize, and keys that mean "anything else".
    var catchAll: (@Sendable (Key, DebuggerState) -> Action?)?

    /// The help's words drawn with `glyphs`: the arrows of `buggy → fixed` as `->` in ASCII.
    func help(_ glyphs: Glyphs) -> String {
        help.replacingOccurrences(of: Glyphs.unicode.rightArrow, with: glyphs.rightArrow)
    }

    /// Every key the row binds.
    public var keys: [Key] { chords.flatMap(\.keys) }

    /// The keys as the help page shows them: `n Space → l`, `g Home / G End`.
    func keysText(unicode: Bool) -> String {
        if let shownKeys { return unicode ? shownKeys : Key.asciiNames(in: shownKeys) }
        return chords.map { $0.keys.compactMap { $0.name(unicode: unicode) }.joined(separator: " ") }
            .filter { !$0.isEmpty }.joined(separator: " / ")
    }
}

extension Binding {
    init(_ keys: [Key], _ action: Action, help: String = "", shown: String? = nil, status: Status? = nil, in mode: Mode = .main) {
        self.init(chords: [Chord(keys: keys, action: { _, _ in action }, always: action)], help: help, shown: shown, status: status, in: mode)
    }

    init(chords: [Chord], help: String = "", shown: String? = nil, status: Status? = nil, in mode: Mode = .main) {
        self.mode = mode
        self.chords = chords
        self.help = help
        shownKeys = shown
        self.status = status
    }

    /// Bound in `mode` to whatever key no other row of that mode takes.
    static func otherwise(_ mode: Mode, _ action: @escaping @Sendable (Key, DebuggerState) -> Action?) -> Binding {
        var binding = Binding(chords: [], in: mode)
        binding.catchAll = action
        return binding
    }
}

extension Binding.Chord {
    init(_ keys: [Key], _ action: Action) {
        self.init(keys: keys, action: { _, _ in action }, always: action)
    }
}

extension Binding.Status {
    init(_ rank: Int, _ key: String, _ label: String) {
        self.init(rank: rank, key: key) { _ in label }
    }
}

/// The binding table: every key gradstep takes, once. The key map dispatches from it, the help
/// page and the status bar show it, and the man page's and the README's lists of keys are
/// written from it (a test keeps the README's equal).
public enum Bindings {
    static let all: [Binding] = main + help + prompt

    /// The debugger's own keys, in the order the help lists them.
    static let main: [Binding] = {
        // One append a row: the type checker takes them one at a time.
        var rows: [Binding] = []
        rows.append(Binding([.character("n"), .character(" "), .right, .character("l")], .step,
                    help: "step: the next _backward() call", status: Binding.Status(rank: 0, key: "n") { $0.isSearching ? "event" : "step" }))
        rows.append(Binding([.character("s")], .stepInto, help: "step into: one write at a time", status: Binding.Status(rank: 3, key: "s") { $0.isSearching ? "" : "write" }))
        rows.append(Binding([.character("p"), .left, .character("h"), .backspace], .back,
                    help: "back: undo the last step or write", status: .init(2, "p", "back")))
        rows.append(Binding(chords: [.init([.character("b")], .watchSearch), .init([.character("g"), .home], .toStart), .init([.character("G"), .end], .toEnd)],
                            help: "build_topo / the start / the end"))
        rows.append(Binding([.character(":")], .startPrompt(.goToStep), help: "go to a step, or to a node's call",
                    shown: ": step or name Enter"))
        rows.append(Binding([.character("e")], .toggleEngine, help: "engine: buggy → fixed → yours",
                    status: Binding.Status(rank: 1, key: "e") { "\($0.nextEngine.rawValue) engine" }))
        rows.append(Binding(chords: [.init([.character("o")], .cycleOrder), .init([.character("O")], .newSeed)],
                    help: "order: cycle / a new random seed", status: .init(4, "o", "order")))
        rows.append(Binding([.character("c")], .toggleCompare, help: "compare both engines' grads", status: Binding.Status(rank: 5, key: "c") { $0.isSearching ? "" : "compare" }))
        rows.append(Binding([.character("t")], .toggleTruth, help: "truth: the correct gradients", status: .init(6, "t", "truth")))
        rows.append(Binding(chords: [.init([.character("+"), .character("=")], .zoomIn), .init([.character("-"), .character("_")], .zoomOut),
                     .init([.character("z")], .cycleZoom)],
                    help: "zoom in / out / cycle", shown: "+ = - _ z", status: .init(7, "z", "zoom")))
        rows.append(Binding(chords: [.init([.character("H"), .shiftLeft], .pan(dx: -8, dy: 0)), .init([.character("L"), .shiftRight], .pan(dx: 8, dy: 0)),
                     .init([.character("K"), .up, .shiftUp], .pan(dx: 0, dy: -4)), .init([.character("J"), .down, .shiftDown], .pan(dx: 0, dy: 4)),
                     .init([.pageUp], .pan(dx: 0, dy: -16)), .init([.pageDown], .pan(dx: 0, dy: 16))],
                    help: "pan the whole graph", shown: "H J K L ↑ ↓ PgUp PgDn Shift+arrows"))
        rows.append(Binding([.character("f")], .follow, help: "follow the running node again"))
        rows.append(Binding(chords: [.init([.character("/")], .startPrompt(.find)),
                     Binding.Chord(keys: [.enter, .tab]) { _, state in state.findMatches.isEmpty ? .none : .findNext }],
                    help: "find a node; Enter, Tab: next one", shown: "/ name Enter Tab"))
        rows.append(Binding(chords: [.init([.character("T")], .toggleTopo), .init([.character("F")], .toggleFold)],
                            help: "hide topo list / fold by calls"))
        rows.append(Binding(chords: [.init([.character("P")], .togglePredict), .init([.character("r")], .reveal)],
                    help: "predict: hide writes / reveal"))
        rows.append(Binding(chords: [.init([.character("a")], .toggleAutoplay), .init([.character("[")], .slower), .init([.character("]")], .faster)],
                    help: "autoplay, slower / faster", shown: "a [ ]", status: .init(8, "a", "play")))
        rows.append(Binding([.character("?"), .f1], .showHelp, help: "help; again: what marks mean", status: .init(9, "?", "help")))
        rows.append(Binding(chords: [.init([.escape], .closeOverlay), .init([.control("l"), .resize], .redraw), .init([.character("q")], .quit)],
                    help: "close the help / redraw / quit", status: .init(10, "q", "quit")))
        return rows
    }()

    /// Over the help: its keys turn the page, `q` quits, any other key closes it.
    static let help: [Binding] = [
        Binding([.character("q")], .quit, in: .help),
        Binding([.character("?"), .f1, .character(" "), .character("n"), .right, .left, .tab], .showHelp, in: .help),
        Binding([.resize, .control("l")], .redraw, in: .help),
        .otherwise(.help) { _, _ in .closeOverlay },
    ]

    /// In the `:` and `/` prompts: typed characters are the text.
    static let prompt: [Binding] = [
        Binding([.enter], .submitPrompt, in: .prompt),
        Binding([.escape], .closeOverlay, in: .prompt),
        Binding(chords: [Binding.Chord(keys: [.backspace]) { _, state in state.prompt?.text.isEmpty ?? true ? .closeOverlay : .erasePrompt }], in: .prompt),
        Binding([.resize], .redraw, in: .prompt),
        .otherwise(.prompt) { key, _ in if case .character(let c) = key { .typeInPrompt(c) } else { Action.none } },
    ]

    /// The rows the help page and the README list: the debugger's own keys.
    static var documented: [Binding] { main }

    /// The status bar's keys, in their order, for `state`.
    static func statusKeys(_ state: DebuggerState) -> [(key: String, action: String)] {
        statuses.map { ($0.key, $0.label(state)) }
    }

    /// The status bar's entries in their order, sorted once rather than every frame.
    private static let statuses = main.compactMap(\.status).sorted { $0.rank < $1.rank }

    /// The README's table of keys, as the table writes it.
    static var markdown: String {
        let rows = documented.map { row -> String in
            // Key names in code type; the words between them (`step or name`) and the bare `/`
            // between chords as they are.
            let names = Set(row.keys.compactMap { $0.name(unicode: true) } + ["Enter", "Shift+arrows"])
            let keys = row.keysText(unicode: true).split(separator: " ").enumerated()
                .map { i, word in names.contains(String(word)) && (word != "/" || i == 0) ? "`\(word)`" : String(word) }
                .joined(separator: " ")
            return "| \(keys) | \(row.help) |"
        }
        return (["| keys | what they do |", "|---|---|"] + rows).joined(separator: "\n") + "\n"
    }

    /// The keys of the help and of the prompts, in a sentence for the README:
    /// "Over the help, `?` `F1` ... turn the page, ...".
    static var overlayKeys: String {
        func keys(_ action: Action, in mode: Binding.Mode) -> String {
            all.filter { $0.mode == mode }.flatMap(\.chords).filter { $0.always == action }
                .flatMap(\.keys).compactMap { $0.name(unicode: true) }.map { "`\($0)`" }.joined(separator: " ")
        }
        return "Over the help, \(keys(.showHelp, in: .help)) turn the page, \(keys(.quit, in: .help)) quits, "
            + "\(keys(.redraw, in: .help)) redraws and any other key closes it; in the `:` and `/` prompts, "
            + "\(keys(.submitPrompt, in: .prompt)) goes, \(keys(.closeOverlay, in: .prompt)) cancels and `Backspace` erases "
            + "(on an empty prompt, cancels)."
    }

    /// The man page's keys, each row its keys then what they do: `n Space Right l -- step: the
    /// next _backward() call. s -- ...`.
    public static var manual: String {
        // In ASCII, as a man page is read in any locale.
        documented.map { row in "\(row.keysText(unicode: false)) -- \(row.help(.ascii))" }
            .joined(separator: ". ") + "."
    }
}

/// Which action a key means, given what is on screen (a prompt and the help take keys first).
public enum KeyMap {
    public static func action(for key: Key, in state: DebuggerState) -> Action {
        let mode: Binding.Mode = state.prompt != nil ? .prompt : state.showingHelp ? .help : .main
        for binding in Bindings.all where binding.mode == mode {
            for chord in binding.chords where chord.keys.contains(key) { return chord.action(key, state) }
        }
        for binding in Bindings.all where binding.mode == mode {
            if let action = binding.catchAll?(key, state) { return action }
        }
        return .none
    }
}

extension Key {
    /// The key's name in the help: `Space`, `→` (`Right` in ASCII), `PgUp`, `Ctrl-L`; nil for
    /// the terminal's resize, which nobody presses.
    func name(unicode: Bool) -> String? {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .up: unicode ? "↑" : "Up"
        case .down: unicode ? "↓" : "Down"
        case .left: unicode ? "←" : "Left"
        case .right: unicode ? "→" : "Right"
        case .shiftUp: "Shift+" + (unicode ? "↑" : "Up")
        case .shiftDown: "Shift+" + (unicode ? "↓" : "Down")
        case .shiftLeft: "Shift+" + (unicode ? "←" : "Left")
        case .shiftRight: "Shift+" + (unicode ? "→" : "Right")
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .backspace: "Backspace"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .f1: "F1"
        case .control(let c): "Ctrl-" + String(c).uppercased()
        case .resize: nil
        }
    }

    /// A help text's arrow keys by their ASCII names.
    static func asciiNames(in text: String) -> String {
        [Key.up, .down, .left, .right].reduce(text) { $0.replacingOccurrences(of: $1.name(unicode: true)!, with: $1.name(unicode: false)!) }
    }
}
