/// Something the user asked for, decoded from a key by `KeyMap`.
public enum Action: Hashable, Sendable {
    /// The next `_backward()` call (finishing the current one if it was entered with step-into).
    case step
    /// One write at a time, then on to the next call.
    case stepInto
    /// Undo the last step or write.
    case back
    case toStart, toEnd
    /// Watch `build_topo(root)`'s search from its first event, before the pass.
    case watchSearch
    case goToStep(Int)
    case toggleEngine
    /// label → operand → random.
    case cycleOrder
    /// A new seed for the random order.
    case newSeed
    case toggleCompare, toggleTruth
    case zoomIn, zoomOut, cycleZoom
    /// Scroll the graph by this many cells.
    case pan(dx: Int, dy: Int)
    /// Keep the running node in view again.
    case follow
    /// Scroll to the nodes matching this name, the best match first.
    case find(String)
    /// On to the next node the last find matched.
    case findNext
    /// Show or hide the topological list.
    case toggleTopo
    /// Fold the graph by the learner's calls, or unfold it.
    case toggleFold
    /// Predict mode on or off: each step's writes hidden as `?` until revealed.
    case togglePredict
    /// Show the writes predict mode hid.
    case reveal
    case toggleAutoplay, slower, faster
    /// Autoplay's timer fired.
    case tick
    /// The one frame a flash lasts is over: no key, so the note and the highlight stay.
    case endFlash
    case showHelp, closeOverlay
    case startPrompt(Prompt.Kind)
    case typeInPrompt(Character)
    case erasePrompt
    case submitPrompt
    case redraw
    case quit
    /// A key that means nothing here (or only stops autoplay).
    case none
}

/// A line of text being typed in the status line: a step number after `:`, a name after `/`.
public struct Prompt: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case goToStep, find
    }

    public var kind: Kind
    public var text: String

    /// The character that opened it.
    var sigil: String { kind == .goToStep ? ":" : "/" }
}
