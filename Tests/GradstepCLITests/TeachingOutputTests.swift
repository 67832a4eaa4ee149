import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// What a teacher takes out of the terminal: recordings and SVG slides.
@Suite struct TeachingOutputTests {
    /// The asciicast's header and events, read as asciinema reads them.
    static func events(_ text: String) throws -> (header: [String: Any], events: [(Double, String, String)]) {
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let events = try lines.dropFirst().map { line -> (Double, String, String) in
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            try #require(event.count == 3)
            return (try #require(event[0] as? Double), try #require(event[1] as? String), try #require(event[2] as? String))
        }
        return (header, events)
    }

    @Test func aRecordingIsAsciicastV2WithAFramePerStep() throws {
        let file = try Binary.temporaryFile("")
        defer { Binary.remove(file) }
        let run = try Binary.run(["record", "two-paths", "--output", file, "--delay", "0.5", "--width", "90", "--height", "26"])
        #expect(run.status == 0 && run.stdout.isEmpty && run.stderr.isEmpty)
        let (header, events) = try Self.events(try String(contentsOfFile: file, encoding: .utf8))
        #expect(header["version"] as? Int == 2 && header["width"] as? Int == 90 && header["height"] as? Int == 26)
        // Steps 0 to 5, then the end that shows the cursor again.
        #expect(events.map(\.0) == [0, 0.5, 1, 1.5, 2, 2.5, 3])
        #expect(events.allSatisfy { $0.1 == "o" })
        #expect(events[0].2.hasPrefix("\u{1B}[?25l\u{1B}[2J\u{1B}[1;1H"))
        #expect(events.last?.2 == "\u{1B}[0m\u{1B}[?25h")

        let both = try Binary.run(["record", "a-plus-a", "--both"])
        let (bothHeader, bothEvents) = try Self.events(both.stdout)
        #expect(bothEvents.count == 2 * 3 + 1)
        #expect(bothHeader["title"] as? String == "gradstep a-plus-a: buggy engine, then fixed engine")
        #expect(bothEvents[3].2.contains("FIXED") && !bothEvents[2].2.contains("FIXED"))
    }

    @Test func aRecordingThatCannotBeWrittenIsOneLineAndExitOne() throws {
        let run = try Binary.run(["record", "two-paths", "--output", "/nonexistent-folder/pass.cast"])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("gradstep: error: cannot write '/nonexistent-folder/pass.cast'"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test(.enabled(if: Self.hasPyte, "pyte is not installed (pip install pyte): the replay test needs it"))
    func replayingTheRecordingEndsOnTheLastFrame() throws {
        let cast = try Binary.temporaryFile("")
        defer { Binary.remove(cast) }
        #expect(try Binary.run(["record", "neuron", "--output", cast, "--both", "--theme", "light"]).status == 0)
        let replayer = try Binary.temporaryFile("""
            import json, sys, pyte
            lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
            header = json.loads(lines[0])
            screen = pyte.Screen(header["width"], header["height"])
            stream = pyte.Stream(screen)
            for line in lines[1:]:
                stream.feed(json.loads(line)[2])
            print("\\n".join(row.rstrip() for row in screen.display))
            """)
        defer { Binary.remove(replayer) }
        let replayed = try Self.python([replayer, cast])
        let last = try Binary.run(["frame", "neuron", "--engine", "fixed", "--step", "10"])
        #expect(replayed == last.stdout)
        #expect(replayed.contains("FIXED"))
    }

    @Test func anSVGFrameIsWellFormedWithTheFramesTextAndTheThemesColours() throws {
        let dark = try Binary.run(["frame", "two-paths", "--step", "3", "--format", "svg"])
        #expect(dark.status == 0)
        let darkText = try Self.parse(dark.stdout)
        #expect(darkText.contains("d._backward()"))
        // Each word is a text of its own (SVGInBrowserTests checks where a browser puts them).
        #expect(darkText.filter { !$0.isWhitespace }.contains("OVERWRITTEN:lost-6.0000"))
        #expect(darkText.contains("gradstep"))
        #expect(dark.stdout.contains("<rect width=\"100%\" height=\"100%\" fill=\"#1c1c1c\"/>"))
        #expect(dark.stdout.contains("fill=\"#d75f00\""), "LOST's vermillion, 166")
        #expect(dark.stdout.contains("font-weight=\"bold\""))
        // Box drawing is drawn as lines, so it joins whatever font shows the picture.
        #expect(!darkText.contains("┌") && dark.stdout.contains("<line "))

        let light = try Binary.run(["frame", "two-paths", "--step", "3", "--format", "svg", "--theme", "light"])
        #expect(light.stdout.contains("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"))
        #expect(light.stdout.contains("fill=\"#005faf\""), "the running node's blue, 25")
        // Reverse video: the header's engine banner sits on a filled rectangle in the banner's colour.
        #expect(light.stdout.contains("fill=\"#d75f00\"/>"))
    }

    @Test func hostileLabelsStayTextInTheSVG() throws {
        let file = try Binary.temporaryFile("a = Value(1.0, label='<b>&\\x1b[31m</svg>')\nb = a * a\n")
        defer { Binary.remove(file) }
        let run = try Binary.run(["frame", file, "--format", "svg"])
        let text = try Self.parse(run.stdout)
        #expect(text.contains("<b>&\\x1b[31m"))
        #expect(!run.stdout.contains("\u{1B}"))
    }

    @Test func dotAtAStepHasThatStepsGradsAndMarksWhatRuns() throws {
        // two-paths under =, label order: step 2 is e._backward() (a.grad = b.grad = -6), step 3
        // is d._backward(), which overwrites them with 3 and -2.
        let two = try Binary.run(["dot", "--step", "2", "--engine", "buggy"])
        #expect(two.status == 0)
        #expect(two.stdout.contains("label=\"step 2/5: e._backward()\" labelloc=t"))
        #expect(two.stdout.contains("\"v0\" [label=\"{ a | data -2.0000 | grad -6.0000 }\" shape=record]"))
        #expect(two.stdout.contains("\"v3\" [label=\"{ e | data 1.0000 | grad -6.0000 }\" shape=record style=\"filled,bold\""))
        #expect(two.stdout.contains("\"v0\" -> \"v3op\" [color="))
        #expect(two.stdout.contains("\"v0\" -> \"v2op\"\n"), "d's edges are not written along at step 2")

        let three = try Binary.run(["dot", "--step", "3", "--engine", "buggy"])
        // Said in words as well as in colour: what the write threw away, in a field of its own.
        #expect(three.stdout.contains("\"v0\" [label=\"{ a | data -2.0000 | grad 3.0000 | LOST -6.0000 }\" shape=record style=bold color=\"#d75f00\""))
        #expect(three.stdout.contains("\"v1\" -> \"v2op\" [color="))
        // Step 0 is the seed: the root's grad only.
        let zero = try Binary.run(["dot", "--step", "0"])
        #expect(zero.stdout.contains("label=\"step 0/5: f.grad = 1.0\""))
        #expect(zero.stdout.contains("{ f | data -6.0000 | grad 1.0000 }") && zero.stdout.contains("{ a | data -2.0000 | grad 0.0000 }"))
        let past = try Binary.run(["dot", "--step", "6"])
        #expect(past.status == 64 && past.stderr.contains("--step 6 is past the end: this graph has steps 0 to 5"))
    }

    @Test func theREADMEsScreenIsTheFrameOfToday() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../README.md"), encoding: .utf8)
        let command = "(`swift run gradstep frame --step 3 --width 100 --height 24`):\n\n```\n"
        let start = try #require(readme.range(of: command), "the README shows the frame of that command")
        let picture = readme[start.upperBound...].prefix { _ in true }.components(separatedBy: "```\n")[0]
        let run = try Binary.run(["frame", "--step", "3", "--width", "100", "--height", "24"])
        #expect(picture == run.stdout, "the README's screen is stale: paste what `gradstep frame --step 3 --width 100 --height 24` prints")
    }

    @Test func theDocsPictureIsTheFrameOfToday() throws {
        let picture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/two-paths-step3.svg")
        let run = try Binary.run(["frame", "two-paths", "--step", "3", "--width", "100", "--height", "24", "--format", "svg"])
        #expect(run.stdout == (try String(contentsOf: picture, encoding: .utf8)),
                "regenerate it: swift run gradstep frame two-paths --step 3 --width 100 --height 24 --format svg > docs/two-paths-step3.svg")
    }

    @Test func framePredictPrintsTheHiddenFrame() throws {
        let run = try Binary.run(["frame", "--step", "3", "--engine", "buggy", "--predict"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("a.grad: -6.0000 → ?") && run.stdout.contains("b.grad: -6.0000 → ?"))
        #expect(run.stdout.contains("Predict: what do a.grad and b.grad become? Call it out, then n or r reveals it."))
        #expect(!run.stdout.contains("grad  3.0000") && !run.stdout.contains("OVERWRITTEN"))
        let shown = try Binary.run(["frame", "--step", "3", "--engine", "buggy"])
        #expect(shown.stdout.contains("grad  3.0000"))
    }

    /// The document's text, or a failure if it is not well-formed XML.
    static func parse(_ svg: String) throws -> String {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = TextCollector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        return collector.text
    }

    static let hasPyte: Bool = (try? python(["-c", "import pyte"])) != nil

    @discardableResult
    static func python(_ arguments: [String]) throws -> String {
        let run = try Binary.runTool("/usr/bin/env", ["python3"] + arguments)
        guard run.status == 0 else { throw CocoaError(.executableLoad) }
        return run.stdout
    }
}

/// Gathers an XML document's character data.
final class TextCollector: NSObject, XMLParserDelegate {
    var text = ""
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}
