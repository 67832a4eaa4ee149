/// How the pass plays: autoplay and its pace, the flash of an overwritten grad, and predict mode.
struct Playback: Sendable {
    private(set) var autoplay = false
    /// Seconds between autoplay steps.
    private(set) var interval = 1.5
    /// The written grads are drawn in reverse video for one frame after a step overwrote one.
    private(set) var flash = false
    /// Predict mode, for a class: what each step writes is shown as `?` until revealed.
    private(set) var predicting = false
    /// Whether the cursor's writes are shown; false only in predict mode, after a move forward.
    private(set) var revealed = true

    /// Predict mode on with the cursor's own writes hidden, as a class sees a step it is to call out.
    mutating func predictFromHere() {
        predicting = true
        revealed = false
    }

    /// After a move: a move forward hides what it wrote in predict mode, else flashes a grad it threw away.
    mutating func moved(_ move: PassState.Move) {
        revealed = !(predicting && move.forward)
        flash = revealed && move.overwrote
    }

    mutating func endFlash() { flash = false }

    /// In predict mode, the first press on a step whose writes are hidden reveals them.
    mutating func revealFirst() -> Bool {
        guard predicting && !revealed else { return false }
        revealed = true
        return true
    }

    /// `P`: what is on screen stays; the next step's writes are hidden.
    mutating func togglePredict() -> String {
        predicting.toggle()
        revealed = true
        return predicting ? "predict: each write is ? until n or r reveals it; call it out first" : "predict mode off"
    }

    /// `r`: shows what predict mode hid, or says why there is nothing to show.
    mutating func reveal() -> String? {
        if revealFirst() { return nil }
        return predicting ? "nothing hidden: n steps on" : "r reveals in predict mode (P)"
    }

    mutating func toggleAutoplay() -> String? {
        autoplay.toggle()
        return autoplay ? "autoplay: a step every \(Self.seconds(interval)); any key stops it" : nil
    }

    mutating func stop() { autoplay = false }

    /// `[` and `]`: half as fast again, or one and a half times as fast, within 0.1 s to 10 s.
    mutating func pace(slower: Bool) -> String {
        interval = slower ? min(10, interval * 1.5) : max(0.1, interval / 1.5)
        return "autoplay: a step every \(Self.seconds(interval))"
    }

    /// `1.5 s`, `667 ms`.
    static func seconds(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        return x >= 1 ? "\(tenths / 10).\(tenths % 10) s" : "\(Int((x * 1000).rounded())) ms"
    }
}
