import Foundation
import Testing

/// A real terminal for the end-to-end tests: `gradstep` running inside a private tmux server.
///
/// Two traps, both avoided here: `Process.waitUntilExit()` hangs once a child starts a tmux
/// server (the daemon keeps an inherited descriptor open), so commands run through
/// `posix_spawnp` + `waitpid`; and the test runner's threads block signals, which children
/// inherit, so every child starts with an empty signal mask and default handlers.
final class TmuxSession {
    static let isAvailable = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    let socket: String

    /// Starts `gradstep arguments` in a `width` × `height` pane. When it exits, the pane shows
    /// `EXIT=<status>` and the terminal's modes (`stty -a`), and stays open for inspection.
    /// `ignoringHangup`: the program starts with SIGHUP ignored, as under nohup or some launchers.
    /// `standardInput`: a file the program reads on standard input instead of the terminal.
    init(_ arguments: [String], width: Int = 100, height: Int = 30, environment: [String: String] = [:],
         ignoringHangup: Bool = false, standardInput: String? = nil) throws {
        socket = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-tmux-\(UUID().uuidString)").path
        let env = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "tmux-256color", "SWIFT_BACKTRACE": "interactive=no"]
            .merging(environment) { $1 }
            .map { "\($0.key)=\(Self.quote($0.value))" }.sorted().joined(separator: " ")
        let redirect = standardInput.map { " < " + Self.quote($0) } ?? ""
        let wrapper = ignoringHangup || standardInput != nil
            ? ["sh", "-c", (ignoringHangup ? "trap '' HUP; " : "") + "exec \"$0\" \"$@\"" + redirect] : []
        let program = (wrapper + [Binary.url.path] + arguments).map(Self.quote).joined(separator: " ")
        let modes = "$(stty -a | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' ')"
        // The shell traps SIGINT (a trap, unlike an ignore, is not inherited), so Ctrl-C reaches
        // only the program and the shell lives on to report how it ended.
        // The test runner sets NO_COLOR; the program in the pane starts without it unless a test asks.
        let command = "trap true INT; env -u NO_COLOR \(env) \(program); echo EXIT=$?; echo \"MODES: \(modes)END\"; sleep 600"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", String(width), "-y", String(height), command])
    }

    /// Closes the terminal under the program, as closing its window does.
    func killTerminal() throws {
        _ = try tmux(["kill-server"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
    }

    /// The pane's text now; with `history`, everything that scrolled off the top too.
    func screen(history: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p"] + (history ? ["-S", "-2000"] : []))
    }

    /// The pane's text with its SGR escapes, for style checks.
    func styledScreen() throws -> String {
        try tmux(["capture-pane", "-p", "-e"])
    }

    /// Types keys, in tmux's names (`n`, `Right`, `Escape`, `C-l`, `S-Left`).
    func send(_ keys: String...) throws {
        try tmux(["send-keys"] + keys)
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-x", String(width), "-y", String(height)])
    }

    /// The process id of the program in the pane: the child of the pane's shell.
    func programID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") where Int32(entry) != nil {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // Fields after the command name: state, then the parent's id.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, fields[1] == shell { return Int32(entry) }
        }
        return nil
    }

    /// The terminal modes printed after the program exited: `icanon echo` when restored.
    func modesAfterExit(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let screen = try waitFor("the terminal modes", sourceLocation: sourceLocation) { $0.contains("END") && $0.contains("MODES:") }
        return screen.split(separator: "\n").first { $0.hasPrefix("MODES:") }.map(String.init) ?? ""
    }

    /// Polls the screen (every 20 ms, up to `seconds`) until `condition` holds; returns the last screen.
    @discardableResult
    func waitFor(_ description: String, seconds: Double = 5, history: Bool = false,
                 sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen(history: history)
            if condition(last) { return last }
            usleep(20_000)
        }
        Issue.record("timed out waiting for \(description); the screen was:\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    /// Waits until the screen contains every one of `texts`, with runs of spaces made one (a
    /// screen can be caught half redrawn, so everything a check needs is waited for together).
    @discardableResult
    func waitForAll(_ texts: [String], seconds: Double = 5, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor(texts.joined(separator: " + "), seconds: seconds, sourceLocation: sourceLocation) { screen in
            let squeezed = screen.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            return texts.allSatisfy { squeezed.contains($0) }
        }
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 5, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("'\(text)'", seconds: seconds, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    // MARK: - Running tmux

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try Self.spawn(["tmux", "-S", socket] + arguments)
    }

    /// Runs a command to completion with a clean signal mask; returns what it printed.
    static func spawn(_ argv: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-spawn-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = try spawnClean(argv, stdout: output, stderr: nil)
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Runs `argv` (found on PATH) to completion as a shell would start it: an empty signal mask
    /// and default handlers, standard input on /dev/null, its output into `stdout` and `stderr`
    /// (nil: with the output). Returns its wait status.
    static func spawnClean(_ argv: [String], environment: [String: String] = [:], stdout: String, stderr: String?) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnvironment: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, argv[0], &actions, &attributes, &cArguments, &cEnvironment)
        guard spawned == 0 else { throw SpawnError(command: argv, code: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    struct SpawnError: Error {
        var command: [String]
        var code: Int32
    }

    private static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
