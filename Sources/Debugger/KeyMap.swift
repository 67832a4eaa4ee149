import Canvas

/// Which action a key means, given what is on screen (a prompt and the help overlay take keys first).
public enum KeyMap {
    public static func action(for key: Key, in state: DebuggerState) -> Action {
        if let prompt = state.prompt {
            switch key {
            case .enter: return .submitPrompt
            case .escape: return .closeOverlay
            case .backspace: return prompt.text.isEmpty ? .closeOverlay : .erasePrompt
            case .character(let c): return .typeInPrompt(c)
            case .resize: return .redraw
            default: return .none
            }
        }
        if state.showingHelp {
            switch key {
            case .character("q"): return .quit
            case .character("?"), .f1, .character(" "), .character("n"), .right, .left, .tab: return .showHelp
            case .resize, .control("l"): return .redraw
            default: return .closeOverlay
            }
        }
        switch key {
        case .character("n"), .character(" "), .right, .character("l"): return .step
        case .character("s"): return .stepInto
        case .character("p"), .left, .character("h"), .backspace: return .back
        case .character("g"), .home: return .toStart
        case .character("G"), .end: return .toEnd
        case .character(":"): return .startPrompt(.goToStep)
        case .character("/"): return .startPrompt(.find)
        case .character("e"): return .toggleEngine
        case .character("o"): return .cycleOrder
        case .character("O"): return .newSeed
        case .character("c"): return .toggleCompare
        case .character("t"): return .toggleTruth
        case .character("+"), .character("="): return .zoomIn
        case .character("-"), .character("_"): return .zoomOut
        case .character("z"): return .cycleZoom
        case .shiftLeft, .character("H"): return .pan(dx: -8, dy: 0)
        case .shiftRight, .character("L"): return .pan(dx: 8, dy: 0)
        case .shiftUp, .character("K"), .up, .pageUp: return .pan(dx: 0, dy: key == .pageUp ? -16 : -4)
        case .shiftDown, .character("J"), .down, .pageDown: return .pan(dx: 0, dy: key == .pageDown ? 16 : 4)
        case .character("f"): return .follow
        case .character("T"): return .toggleTopo
        case .character("P"): return .togglePredict
        case .character("r"): return .reveal
        case .enter, .tab: return state.findMatches.isEmpty ? .none : .findNext
        case .character("a"): return .toggleAutoplay
        case .character("["): return .slower
        case .character("]"): return .faster
        case .character("?"), .f1: return .showHelp
        case .escape: return .closeOverlay
        case .character("q"): return .quit
        case .control("l"), .resize: return .redraw
        default: return .none
        }
    }

    /// Every key, for the help overlay: (keys, what they do).
    public static let help: [(keys: String, action: String)] = [
        ("n  Space  →  l", "step: the next _backward() call"),
        ("s", "step into: one grad write at a time"),
        ("p  ←  h  Backspace", "back: undo the last step or write"),
        ("g Home / G End", "the start / the end"),
        (":  step or name  Enter", "go to a step, or to a node's _backward()"),
        ("e", "engine: buggy (=) → fixed (+=) → yours"),
        ("o / O", "order: label → operand → random / new seed"),
        ("c", "compare both engines' grads"),
        ("t", "truth: correct gradients, ✓ or ✗"),
        ("+  -  z", "zoom: compact, normal, full"),
        ("H J K L  ↑ ↓  Shift+arrows", "pan the whole graph"),
        ("f", "follow the running node again"),
        ("/  name  Enter  Tab", "find a node; Enter or Tab: the next match"),
        ("T", "hide or show the topological list"),
        ("P / r", "predict: hide each step's writes / reveal"),
        ("a   [ ]", "autoplay, slower / faster"),
        ("?  F1", "this help; again: what the marks mean"),
        ("Esc / Ctrl-L / q", "close the help / redraw / quit"),
    ]
}
