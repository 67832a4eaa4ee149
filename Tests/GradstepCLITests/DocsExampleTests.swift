import Foundation
import Testing

/// The examples in `docs/`: each ```sh block of one `gradstep` command followed by a ```json
/// block is run, and what it prints must be that block, byte for byte.
@Suite struct DocsExampleTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs")

    struct Example: CustomTestStringConvertible, Sendable {
        var file: String
        var command: String
        var output: String
        var testDescription: String { "\(file): \(command.prefix(60))" }
    }

    /// Every command-and-output pair in the Markdown files of `docs/`.
    static func examples() -> [Example] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return files.filter { $0.hasSuffix(".md") }.sorted().flatMap { file -> [Example] in
            guard let text = try? String(contentsOf: docs.appendingPathComponent(file), encoding: .utf8) else { return [] }
            let blocks = text.components(separatedBy: "```")
            // Inside a fence every other piece: "sh\n<command>\n", then the prose, then "json\n<output>".
            return stride(from: 1, to: blocks.count - 2, by: 2).compactMap { i in
                guard blocks[i].hasPrefix("sh\n"), blocks[i + 2].hasPrefix("json\n") else { return nil }
                let command = String(blocks[i].dropFirst(3)).trimmingCharacters(in: .newlines)
                guard !command.contains("\n"), command.contains("gradstep ") else { return nil }
                return Example(file: file, command: command, output: String(blocks[i + 2].dropFirst(5)))
            }
        }
    }

    @Test func theJSONContractsHaveTheirExamples() {
        let inJSON = Self.examples().filter { $0.file == "json.md" }.map(\.command)
        #expect(inJSON.count == 3 && ["trace", "frame", "layout"].allSatisfy { name in inJSON.contains { $0.contains("gradstep \(name) ") } })
    }

    @Test(arguments: examples())
    func eachExamplePrintsWhatItSays(_ example: Example) throws {
        let run = try Binary.shell(example.command.replacingOccurrences(of: "gradstep ", with: "\"$GRADSTEP\" "))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == example.output, "docs/\(example.file) is stale: run `\(example.command)` and paste what it prints")
    }
}
