import Foundation
import Testing
@testable import Canvas
@testable import Debugger
import Demos
import Script

/// The binding table against what the key map does and what the README says.
@Suite struct BindingTests {
    static func demo() throws -> DebuggerState {
        DebuggerState(script: try ScriptLoader.load(source: Demo.named("two-paths")!.source, name: "two-paths"))
    }

    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md")

    /// The keys a help text names: key names, `Shift+arrows` for the four, words skipped.
    static func keys(named text: String) -> Set<Key> {
        let byName = Dictionary(allKeys.compactMap { key in key.name(unicode: true).map { ($0, key) } }, uniquingKeysWith: { a, _ in a })
        var keys = Set<Key>()
        for (i, token) in text.split(separator: " ").enumerated() {
            // Between a row's chords stands a bare `/`; the key `/` is quoted, or leads the row.
            if token == "/" && i > 0 { continue }
            let word = token.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            if word == "Shift+arrows" { keys.formUnion([.shiftUp, .shiftDown, .shiftLeft, .shiftRight]) }
            if let key = byName[word] { keys.insert(key) }
        }
        return keys
    }

    /// Every key a terminal can send gradstep, for the names above.
    static let allKeys: [Key] = (32...126).map { .character(Character(Unicode.Scalar($0)!)) }
        + [.up, .down, .left, .right, .shiftUp, .shiftDown, .shiftLeft, .shiftRight, .home, .end, .pageUp, .pageDown,
           .backspace, .enter, .escape, .tab, .f1, .control("l")]

    @Test func theREADMEsKeyTableIsTheBindingTables() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        #expect(text.contains("\n" + Bindings.markdown + "\n"), "README.md's key table is not the binding table's; write in:\n\(Bindings.markdown)")
    }

    @Test func theKeysDocumentedAreTheKeysBound() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let table = text.components(separatedBy: "| keys | what they do |\n|---|---|\n").dropFirst().first ?? ""
        let rows = table.split(separator: "\n").prefix { $0.hasPrefix("|") }
        let documented = rows.reduce(into: Set<Key>()) { $0.formUnion(Self.keys(named: String($1.split(separator: "|").first ?? ""))) }
        let bound = Set(Self.allKeys.filter { KeyMap.action(for: $0, in: try! Self.demo()) != .none })
        // Enter and Tab go on to the next match only after a find: bound, though `none` now.
        #expect(documented == bound.union([.enter, .tab]),
                "bound but not documented: \(bound.subtracting(documented)); documented but not bound: \(documented.subtracting(bound).subtracting([.enter, .tab]))")
        #expect(documented.contains(.pageUp) && documented.contains(.pageDown))
    }

    @Test func eachRowShowsExactlyItsOwnKeys() {
        for row in Bindings.documented {
            let named = Self.keys(named: row.keysText(unicode: true))
            // A prompt's row names the Enter that submits it.
            let own = Set(row.keys.filter { $0 != .resize })
            #expect(named.subtracting([.enter]) == own.subtracting([.enter]), "\(row.help): shows \(named), binds \(own)")
            #expect(!row.keysText(unicode: false).unicodeScalars.contains { !$0.isASCII }, "\(row.help)")
        }
    }

    @Test func theREADMESaysTheKeysOfTheHelpAndThePrompts() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8).replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains(Bindings.overlayKeys), "README.md should say, after the key table: \(Bindings.overlayKeys)")
    }

    @Test func theManualsKeysAreASCII() {
        #expect(!Bindings.manual.unicodeScalars.contains { !$0.isASCII })
        #expect(Bindings.manual.contains("e -- engine: buggy -> fixed -> yours."))
        #expect(Bindings.manual.contains("PgUp PgDn"))
    }

    @Test func noKeyIsBoundTwiceInOneMode() {
        for mode in [Binding.Mode.main, .help, .prompt] {
            let keys = Bindings.all.filter { $0.mode == mode }.flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "\(mode): a key is bound twice")
        }
    }

    @Test func theStatusBarShowsTheTablesKeysInTheirOrder() throws {
        let s = try Self.demo()
        #expect(Bindings.statusKeys(s).map(\.key) == ["n", "e", "p", "s", "o", "c", "t", "z", "a", "?", "q"])
        #expect(Bindings.statusKeys(s)[1].action == "fixed engine")
        for (key, _) in Bindings.statusKeys(s) {
            #expect(Bindings.documented.contains { $0.keysText(unicode: true).split(separator: " ").contains(Substring(key)) })
        }
    }
}

/// What a key says on the status line fits an 80-column screen whole.
@Suite struct StatusMessageTests {
    @Test(arguments: Demo.all.map(\.name))
    func everyKeysMessageFitsEightyColumns(_ demo: String) throws {
        let script = try ScriptLoader.load(source: Demo.named(demo)!.source, name: demo)
        for binding in Bindings.main {
            for chord in binding.chords {
                for key in chord.keys {
                    for step in [0, 1, script.graph.count / 2] {
                        var state = DebuggerState(script: script, step: step)
                        state.resize(width: 80, height: 24)
                        let panes = Screen.panes(state, width: 80, height: 24)
                        state.apply(chord.action(key, state), on: panes)
                        guard let message = state.message else { continue }
                        #expect(DisplayWidth.of(message) <= 78, "\(demo) step \(step), \(key): \(message)")
                    }
                }
            }
        }
    }
}

/// A status message too long for the screen is cut between its parts, never inside a number.
@Suite struct StatusMessageShorteningTests {
    @Test func aLongMessageIsCutAfterAComma() {
        let message = "w1_0_1 is a leaf (step 971); grad set at 61; overwritten at 141, 221, 301, 381, …"
        let cut = StatusBar.shortened(message, to: 78, ellipsis: "…")
        #expect(cut == "w1_0_1 is a leaf (step 971); grad set at 61; overwritten at 141, 221, 301, …")
        #expect(DisplayWidth.of(cut) <= 78)
        #expect(StatusBar.shortened("short", to: 78, ellipsis: "…") == "short")
    }
}
