import Foundation
import Testing

/// The real program in a real terminal (tmux), driven by keys as a user drives it.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the end-to-end terminal tests need it"))
struct InteractiveTests {
    @Test func stepsToTheEndUnderBothEnginesAndQuitsCleanly() throws {
        let tmux = try TmuxSession([])
        try tmux.waitFor("BUGGY  grad =")
        try tmux.waitFor("e fixed engine")  // the status line says which key switches engines
        for _ in 0..<5 { try tmux.send("n") }
        // The boxes and the verdict read a.grad = 3 and b.grad = -2, with the correct values beside.
        try tmux.waitForAll(["Done: 2 of 2 leaf grads are wrong", "a.grad 3.0000 correct -3.0000",
                             "b.grad -2.0000 correct -8.0000", "grad 3.0000", "grad -2.0000"])

        try tmux.send("e")
        try tmux.waitForAll(["FIXED grad +=", "step 5/5", "Done: every leaf grad is correct", "grad -3.0000", "grad -8.0000"])

        try tmux.send("p")
        try tmux.waitFor("step 4/5")
        try tmux.send("q")
        let after = try tmux.waitFor("EXIT=0")
        #expect(!after.contains("gradstep two-paths"), "the alternate screen was left")
        #expect(try tmux.modesAfterExit() == "MODES: icanon echo END")
    }

    @Test func stepIntoShowsOneWriteAtATimeAndBackUndoesIt() throws {
        let tmux = try TmuxSession([])
        try tmux.waitFor("step 0/5")
        try tmux.send("s", "s", "s", "s", "s")
        try tmux.waitForAll(["step 3/5 write 1/2", "the -6.0 that came through e is lost"])
        try tmux.send("p")
        try tmux.waitFor("step 2/5")
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }

    @Test func theOrderChangesTheBuggyResultButNotTheFixedOne() throws {
        let tmux = try TmuxSession(["a-plus-a"])
        try tmux.waitFor("order: label")
        try tmux.send("o")
        try tmux.waitFor("order: operand")
        try tmux.send("o")
        try tmux.waitFor("order: random seed 1")
        try tmux.send("O")
        try tmux.waitFor("order: random seed 2")
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }

    @Test func helpOpensAndCloses() throws {
        let tmux = try TmuxSession([])
        try tmux.waitFor("step 0/5")
        try tmux.send("?")
        try tmux.waitForAll(["keys (1/2)", "Esc close"])
        try tmux.send("?")
        try tmux.waitForAll(["what the marks mean (2/2)", "double border"])
        try tmux.send("Escape")
        try tmux.waitFor("help closed") { !$0.contains("Esc close") }
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }

    @Test func resizingRedrawsAndTooSmallRecovers() throws {
        let tmux = try TmuxSession([], width: 100, height: 30)
        try tmux.waitFor("step 0/5")
        try tmux.resize(width: 70, height: 20)
        // A resize reaches the program as a signal and a key: on a loaded machine (the suite runs
        // Chromium and other programs beside it) that can take longer than a keypress does.
        try tmux.waitFor("terminal too small: 70x20, need 80x24", seconds: 20)
        try tmux.resize(width: 120, height: 40)
        // At 120x40 the engine is written in block letters, and the pane rules span the new width.
        // Waits for all of it at once, so a frame caught half redrawn never fails the test.
        try tmux.waitFor("a 120-column frame with the banner") { screen in
            screen.contains("step 0/5") && screen.contains("█▀▄ █ █") && screen.split(separator: "\n").contains { $0.count == 120 }
        }
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let tmux = try TmuxSession([])
        try tmux.waitFor("step 0/5")
        let pid = try #require(try tmux.programID())
        kill(pid, SIGTERM)
        let after = try tmux.waitFor("EXIT=143")
        #expect(try tmux.modesAfterExit() == "MODES: icanon echo END")
        #expect(!after.contains("BUGGY  grad ="))
    }

    @Test func ctrlCAndHangupRestoreTheTerminal() throws {
        let interrupted = try TmuxSession([])
        try interrupted.waitFor("step 0/5")
        try interrupted.send("C-c")
        try interrupted.waitFor("EXIT=130")
        #expect(try interrupted.modesAfterExit() == "MODES: icanon echo END")

        let hungUp = try TmuxSession([])
        try hungUp.waitFor("step 0/5")
        kill(try #require(try hungUp.programID()), SIGHUP)
        try hungUp.waitFor("EXIT=129")
        #expect(try hungUp.modesAfterExit() == "MODES: icanon echo END")
    }

    @Test func aTerminalClosedUnderAProgramThatIgnoresHangupsLeavesNoProcessBehind() throws {
        let tmux = try TmuxSession([], ignoringHangup: true)
        try tmux.waitFor("step 0/5")
        let pid = try #require(try tmux.programID())
        try tmux.killTerminal()
        // It notices that its input is gone and exits within a second, instead of spinning.
        let deadline = Date().addingTimeInterval(2)
        while kill(pid, 0) == 0 && Date() < deadline { usleep(20_000) }
        let stillThere = kill(pid, 0) == 0
        if stillThere { kill(pid, SIGKILL) }
        #expect(!stillThere, "gradstep \(pid) is still running after its terminal closed")
    }

    @Test func holdingAKeyDownNeverLagsOrCorruptsTheScreen() throws {
        let tmux = try TmuxSession(["layer"])
        try tmux.waitFor("step 0/22")
        // Three hundred steps in one burst, far past the end: the screen settles on the last step.
        try tmux.send(String(repeating: "n", count: 300))
        try tmux.waitForAll(["already at the end", "step 22/22"])
        try tmux.send(String(repeating: "p", count: 300))
        let start = try tmux.waitForAll(["already at the start", "step 0/22"])
        // The settled screen is exactly the frame for that step.
        let frame = try Binary.run(["frame", "layer", "--step", "0", "--width", "100", "--height", "30"],
                                   environment: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        let graphRows = { (text: String) in Array(text.split(separator: "\n", omittingEmptySubsequences: false).prefix(20)) }
        #expect(graphRows(start).map { $0.trimmingTrailingSpaces } == graphRows(frame.stdout).map { $0.trimmingTrailingSpaces })
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }

    @Test func goToStepFindCompareTruthZoomAndAutoplay() throws {
        let tmux = try TmuxSession([])
        try tmux.waitFor("step 0/5")
        try tmux.send(":", "3", "Enter")
        try tmux.waitFor("step 3/5")
        try tmux.send(":", "9", "Enter")
        try tmux.waitFor("no step 9: steps go from 0 to 5")
        try tmux.send("/", "e", "Enter")
        try tmux.waitFor("e._backward() runs at step 2; grad set at 1")
        // At the end, compare marks a and b, whose grads differ between the engines.
        try tmux.send("G", "c")
        try tmux.waitForAll(["≠", "= 3.0000", "+= -3.0000"])
        try tmux.send("t")
        try tmux.waitForAll(["✗", "✓", "true -3.0000", "[full · truth]"])
        // The whole graph fits at full zoom, which shows the op written out.
        try tmux.waitFor("the full zoom") { $0.contains("leaf") && $0.contains("= a * b") }
        try tmux.send("z")
        try tmux.waitFor("[compact · truth]")
        try tmux.send("g", "a")
        try tmux.waitFor("PLAYING")
        try tmux.send("]", "]", "]", "]", "]")
        try tmux.waitFor("autoplay moved on", seconds: 10) { $0.contains("step 2/5") }
        try tmux.send("x")
        try tmux.waitFor("autoplay stopped") { !$0.contains("PLAYING") }
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }

    @Test func aBigScriptLoadsWithTheScreenUpAndItsErrorIsShownAfter() throws {
        // Over the size that loads with the screen saying so; the mistake is on the last line.
        var lines = ["a0 = Value(1.0, label='a0')"]
        for i in 1..<12_000 { lines.append("a\(i) = a\(i - 1) * 1.0001") }
        lines.append("b = a11999 ** a0")
        let file = try Binary.temporaryFile(lines.joined(separator: "\n") + "\n")
        defer { Binary.remove(file) }
        let tmux = try TmuxSession([file])
        try tmux.waitForAll(["\(file):12001:12: error: the exponent must be an", "EXIT=1"])
        #expect(try tmux.modesAfterExit() == "MODES: icanon echo END", "the terminal is back in its normal modes")
    }

    @Test func aScriptPipedInIsSteppedWithKeysFromTheTerminal() throws {
        let file = try Binary.temporaryFile("a = Value(3.0, label='a')\nb = a + a; b.label = 'b'\nb.backward()\n")
        defer { Binary.remove(file) }
        let tmux = try TmuxSession(["-"], standardInput: file)
        try tmux.waitForAll(["gradstep <stdin>", "step 0/2"])
        try tmux.send("n")
        try tmux.waitFor("step 1/2")
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
        #expect(try tmux.modesAfterExit() == "MODES: icanon echo END")
    }

    @Test func themesAndNoColor() throws {
        let dark = try TmuxSession([])
        try dark.waitFor("step 0/5")
        #expect(try dark.styledScreen().contains("38;5;166"), "the dark theme colours the buggy banner vermillion")
        #expect(try dark.styledScreen().contains("38;5;39"), "and the running node blue, far from LOST's vermillion")
        let light = try TmuxSession(["--theme", "light"])
        try light.waitFor("step 0/5")
        let lightText = try light.styledScreen()
        #expect(lightText.contains("48;5;231"), "the light theme paints its own white background")
        #expect(lightText.contains("38;5;232"), "with dark ink for plain text")
        let mono = try TmuxSession(["--theme", "mono"])
        try mono.waitFor("step 0/5")
        let monoText = try mono.styledScreen()
        #expect(!monoText.contains("38;5;"), "mono has no colour")
        #expect(monoText.contains("\u{1B}[7m") || monoText.contains(";7m"), "but keeps reverse video")
        let noColor = try TmuxSession([], environment: ["NO_COLOR": "1"])
        try noColor.waitFor("step 0/5")
        #expect(!(try noColor.styledScreen()).contains("38;5;"))
    }

    @Test func aCrashRestoresTheTerminalAndLeavesTheReportReadable() throws {
        let tmux = try TmuxSession(["--crash-for-testing"], height: 40)
        let after = try tmux.waitFor("the program to exit", seconds: 30, history: true) { $0.contains("EXIT=") }
        #expect(after.contains("Fatal error: crash requested by --crash-for-testing"))
        #expect(try tmux.modesAfterExit() == "MODES: icanon echo END")
        #expect(!after.contains("BUGGY  grad ="))
        #expect(after.contains("EXIT=132"), "ended by the fault itself, SIGILL")
        // The crash reporter saw the fault itself, at the trapping instruction — not a signal
        // raised again from the restore handler, which it would report at a bogus address.
        let lines = after.split(separator: "\n").map(String.init)
        let reported = lines.first { $0.contains("crashed: Illegal instruction at ") }?.split(separator: " ").last
        let rip = lines.first { $0.hasPrefix("rip ") }?.split(separator: " ").dropFirst().first
        #expect(reported != nil && reported == rip, "crash at \(reported ?? "?"), rip \(rip ?? "?")")
    }

    @Test func aCrashEndsAtOnceThoughTheCrashReporterWouldWaitForAKey() throws {
        // Swift's reporter, told it may interact, waits 30 s for a key on a terminal; none is left for it.
        let tmux = try TmuxSession(["--crash-for-testing"], height: 40, environment: ["SWIFT_BACKTRACE": "interactive=yes"])
        let after = try tmux.waitFor("the program to exit within 5 s", seconds: 5, history: true) { $0.contains("EXIT=") }
        #expect(after.contains("EXIT=132") && after.contains("Program crashed: Illegal instruction"))
        #expect(try tmux.modesAfterExit() == "MODES: icanon echo END")
    }

    @Test func anyCommandThatCrashesOnATerminalEndsAtOnce() throws {
        let tmux = try TmuxSession(["trace", "--crash-for-testing"], height: 40, environment: ["SWIFT_BACKTRACE": "interactive=yes"])
        let after = try tmux.waitFor("trace to exit within 5 s", seconds: 5, history: true) { $0.contains("EXIT=") }
        #expect(after.contains("EXIT=132") && after.contains("Program crashed: Illegal instruction"))
    }

    @Test func everySignalThatEndsTheProgramRestoresTheTerminalFirst() throws {
        let signals: [(String, Int32)] = [("QUIT", SIGQUIT), ("XCPU", SIGXCPU), ("XFSZ", SIGXFSZ), ("USR1", SIGUSR1),
                                          ("USR2", SIGUSR2), ("ALRM", SIGALRM), ("VTALRM", SIGVTALRM), ("PROF", SIGPROF),
                                          ("PIPE", SIGPIPE), ("RTMIN+2", __libc_current_sigrtmin() + 2)]
        for (name, number) in signals {
            let tmux = try TmuxSession([])
            try tmux.waitFor("step 0/5")
            kill(try #require(try tmux.programID()), number)
            let after = try tmux.waitFor("EXIT=\(128 + number)")
            #expect(try tmux.modesAfterExit() == "MODES: icanon echo END", "SIG\(name)")
            #expect(!after.contains("BUGGY  grad ="), "SIG\(name): the screen is down")
        }
        // Ctrl-\ quits as it does everywhere: no crash report, the status of SIGQUIT.
        let quit = try TmuxSession([])
        try quit.waitFor("step 0/5")
        try quit.send("C-\\")
        let after = try quit.waitFor("EXIT=131")
        #expect(!after.contains("crashed"))
        #expect(try quit.modesAfterExit() == "MODES: icanon echo END")
    }

    @Test func aStrayByteAndCtrlSLeaveEveryKeyWorking() throws {
        let tmux = try TmuxSession([])
        try tmux.waitFor("step 0/5")
        // 0xFF is no character in UTF-8 (é typed on a Latin-1 terminal is one too).
        try tmux.send("-H", "ff")
        try tmux.send("n")
        try tmux.waitFor("step 1/5")
        // Half a character, then a key: the key still counts.
        try tmux.send("-H", "c3")
        try tmux.send("n")
        try tmux.waitFor("step 2/5")
        // Flow control is off: Ctrl-S does not freeze the screen.
        try tmux.send("C-s")
        try tmux.send("n")
        try tmux.waitFor("step 3/5")
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
        #expect(try tmux.modesAfterExit() == "MODES: icanon echo END")
    }

    @Test func traceAndDotOnANonUTF8TerminalAreASCII() throws {
        let script = try Binary.temporaryFile("a = Value(2.0, label='é→x')\nb = a * a\nb.backward()\n")
        defer { Binary.remove(script) }
        for command in ["trace", "dot"] {
            let tmux = try TmuxSession([command, script], environment: ["LANG": "C", "LC_ALL": "C"])
            let screen = try tmux.waitFor("EXIT=0")
            #expect(screen.contains(#"\u00e9\u2192x"#), "\(command): \(screen)")
        }
        // Piped, the bytes are the file's own: UTF-8 for whoever reads them.
        let piped = try Binary.run(["trace", script], environment: ["LANG": "C", "LC_ALL": "C"])
        #expect(piped.stdout.contains("é→x"))
    }

    @Test func withoutATerminalItSaysWhatToUseInstead() throws {
        let run = try Binary.run([])
        #expect(run.status == 2)
        #expect(run.stderr == "gradstep: standard input and output must be a terminal; use `gradstep frame` or `gradstep trace` for text output\n")
        #expect(run.stdout.isEmpty)
        let dumb = try TmuxSession([], environment: ["TERM": "dumb"])
        let screen = try dumb.waitFor("EXIT=2")
        #expect(screen.contains("TERM=dumb cannot draw a full screen"))
        let unset = try TmuxSession([], environment: ["TERM": ""])
        #expect(try unset.waitFor("EXIT=2").contains("TERM is not set"))
    }
}

private extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// The yours engine, in a real terminal.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the end-to-end terminal tests need it"))
struct YoursEngineInteractiveTests {
    @Test func eCyclesBuggyFixedYoursAndTheVerdictNamesTheOp() throws {
        let file = try SavedGraphCLITests.savedFile()
        defer { Binary.remove(file) }
        let tmux = try TmuxSession([file])
        try tmux.waitForAll(["BUGGY grad =", "e fixed engine"])
        try tmux.send("e")
        try tmux.waitForAll(["FIXED grad +=", "fixed engine: every write is grad +="])
        try tmux.send("e")
        try tmux.waitForAll(["YOURS your backward()", "order: yours", "your engine: your own _backward() calls"])
        try tmux.send("o")
        try tmux.waitFor("your backward() keeps its own order")
        try tmux.send("G")
        try tmux.waitForAll(["Done: 1 of 1 leaf grads are wrong under your backward()",
                             "your _backward() for '+' disagrees with the chain rule (a.grad 1.0; chain rule 2.0)", "e buggy engine"])
        try tmux.send("e")
        try tmux.waitForAll(["BUGGY grad =", "order: yours"])
        try tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }
}
