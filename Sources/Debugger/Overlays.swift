import Autograd

/// What is open over the pass: both engines side by side, the true gradients, the help, a
/// prompt being typed, what the last find matched, and the status line's note.
struct Overlays: Sendable {
    /// Both engines' grads on every node, differences marked.
    private(set) var comparing = false
    /// Every node's correct gradient, with a ✓ or ✗.
    private(set) var showingTruth = false
    /// The other engine's grads at the cursor, while comparing.
    var otherGrads: [Double]?
    private(set) var showingHelp = false
    /// The help's page: 0 the keys, 1 what the marks mean.
    private(set) var helpPage = 0
    private(set) var prompt: Prompt?
    /// A short note for the status line, cleared by the next key.
    var message: String?
    /// The nodes the last find matched, best first, and which of them is shown.
    private(set) var findMatches: [NodeID] = []
    private(set) var findIndex = 0
    /// A node to draw highlighted until the next key: the one just found.
    var highlighted: NodeID?

    /// What every key clears: the note and the highlight; and the matches, but for the keys that use them.
    mutating func clearForKey(keepingMatches: Bool) {
        message = nil
        highlighted = nil
        if !keepingMatches { findMatches = [] }
    }

    /// `c` and `t`: one of the two at a time; true when it is now on.
    mutating func toggleCompare() -> Bool {
        comparing.toggle()
        if comparing { showingTruth = false }
        return comparing
    }

    mutating func toggleTruth() -> Bool {
        showingTruth.toggle()
        if showingTruth { comparing = false }
        return showingTruth
    }

    /// `?`: the help, or its other page when it is open already.
    mutating func showHelp() {
        helpPage = showingHelp ? 1 - helpPage : 0
        showingHelp = true
    }

    mutating func closeOverlay() {
        showingHelp = false
        prompt = nil
    }

    mutating func startPrompt(_ kind: Prompt.Kind) { prompt = Prompt(kind: kind, text: "") }

    /// A character typed into the prompt, up to 40 of them.
    mutating func type(_ c: Character) {
        guard var p = prompt, p.text.count < 40 else { return }
        p.text.append(c)
        prompt = p
    }

    mutating func erase() {
        if var p = prompt, !p.text.isEmpty { p.text.removeLast(); prompt = p }
    }

    /// Enter in the prompt: closes it and gives what was typed.
    mutating func submit() -> Prompt? {
        defer { prompt = nil }
        return prompt
    }

    /// A new find's matches; the first is shown.
    mutating func found(_ matches: [NodeID]) {
        findMatches = matches
        findIndex = 0
    }

    /// On to the next match, round to the first; nil when there are none.
    mutating func nextMatch() -> NodeID? {
        guard !findMatches.isEmpty else { return nil }
        findIndex = (findIndex + 1) % findMatches.count
        return findMatches[findIndex]
    }

    /// `2 of 3: ` while a find matched several nodes.
    var matchCounter: String {
        findMatches.count > 1 ? "\(findIndex + 1) of \(findMatches.count): " : ""
    }
}
