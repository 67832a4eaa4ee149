import Foundation
import Testing

/// Golden text files under `Snapshots/`: compared as plain text, re-recorded by running the
/// tests with `GRADSTEP_RECORD=1` — a run that records fails, so that it is never mistaken for
/// a run that checked.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// Every golden file on disk, as the names `check` takes (`two-paths/buggy-step3-80x24-unicode`).
    static func filesOnDisk() -> Set<String> {
        let root = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var names = Set<String>()
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".txt") { names.insert(String(relative.dropLast(4))) }
        }
        return names
    }

    static var isRecording: Bool {
        !(ProcessInfo.processInfo.environment["GRADSTEP_RECORD"] ?? "").isEmpty
    }

    /// Checks `text` against the golden file `name`, or writes it when recording.
    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = folder.appendingPathComponent(name + ".txt")
        if isRecording {
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name).txt; run the tests again without GRADSTEP_RECORD to check it", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no golden file \(name).txt; run the tests with GRADSTEP_RECORD=1 to record it",
                         sourceLocation: sourceLocation)
            return
        }
        guard expected != text else { return }
        let got = text.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
        Issue.record("""
            \(name).txt differs at line \(line + 1):
              expected: \(line < want.count ? String(want[line]) : "<end>")
              got:      \(line < got.count ? String(got[line]) : "<end>")
            (re-record with GRADSTEP_RECORD=1 if the change is intended)
            """, sourceLocation: sourceLocation)
    }
}
