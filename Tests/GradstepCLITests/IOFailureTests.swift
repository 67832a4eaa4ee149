import Foundation
import Testing

/// What the shell can do to gradstep's input and output: full disks, closed descriptors, pipes
/// whose reader left, directories, and what `record --output` is pointed at. Each gives one
/// error line (or a quiet end) and an exit status, never a trap and a backtrace.
@Suite struct IOFailureTests {
    @Test func aFailedWriteIsOneLineAndExitOne() throws {
        for command in ["trace two-paths", "frame", "dot", "layout neuron", "demos", "exporter", "--help", "--version", "trace --help"] {
            let full = try Binary.shell("\"$GRADSTEP\" \(command) > /dev/full")
            #expect(full.status == 1, "\(command) > /dev/full")
            #expect(full.stderr == "gradstep: error: cannot write standard output: No space left on device\n", "\(command) > /dev/full")
            let closed = try Binary.shell("\"$GRADSTEP\" \(command) >&-")
            #expect(closed.status == 1, "\(command) >&-")
            #expect(closed.stderr == "gradstep: error: cannot write standard output: Bad file descriptor\n", "\(command) >&-")
        }
        // Nowhere to say it: the output still goes out, and the status is the command's own.
        let noStderr = try Binary.shell("\"$GRADSTEP\" trace two-paths 2>/dev/full")
        #expect(noStderr.status == 0 && noStderr.stdout.hasPrefix("gradstep trace: two-paths"))
        let badFlag = try Binary.shell("\"$GRADSTEP\" trace --nope 2>&-")
        #expect(badFlag.status == 64)
    }

    @Test func aReaderThatLeavesEndsItQuietly() throws {
        // SIGPIPE ignored, as a Python parent leaves it: the write fails with EPIPE instead.
        // Far more than a pipe holds, so the writer is still writing when head has gone.
        let folder = try Binary.temporaryFolder()
        defer { Binary.remove(folder) }
        let run = try Binary.shell("""
            { echo "x = Value(1.0, label='x')"; for i in $(seq 3000); do echo "x = x * 1.0001"; done; echo "x.backward()"; } > chain.py
            trap '' PIPE; "$GRADSTEP" trace chain.py 2>err | head -c 20 >/dev/null; echo "status ${PIPESTATUS[0]}"; cat err
            """, in: folder)
        #expect(run.stdout == "status 141\n", "no message, the status a shell shows for | head")
    }

    @Test func unreadableInputIsOneLine() throws {
        let closed = try Binary.shell("\"$GRADSTEP\" trace - <&-")
        #expect(closed.status == 1 && closed.stderr == "gradstep: error: cannot read standard input: Bad file descriptor\n")
        let directory = try Binary.shell("\"$GRADSTEP\" trace - < /")
        #expect(directory.status == 1 && directory.stderr == "gradstep: error: cannot read standard input: Is a directory\n")
        let folder = try Binary.shell("\"$GRADSTEP\" trace /tmp/")
        #expect(folder.status == 1 && folder.stderr == "gradstep: error: '/tmp/' is a directory, not a script\n")
    }

    @Test func inputIsCappedAtOneGibibyte() throws {
        let run = try Binary.shell("head -c 1100000000 /dev/zero | \"$GRADSTEP\" trace -")
        #expect(run.status == 1)
        #expect(run.stderr == "gradstep: error: cannot read standard input: it is larger than 1 GiB, the most gradstep reads\n")
    }

    @Test func recordWritesThroughALinkAndKeepsTheFilesMode() throws {
        let folder = try Binary.temporaryFolder()
        defer { Binary.remove(folder) }
        let run = try Binary.shell("""
            echo old > real.cast; chmod 640 real.cast; ln -s real.cast link.cast
            "$GRADSTEP" record two-paths --output link.cast && stat -c '%F %a' link.cast real.cast && head -c 10 real.cast; echo && ls
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "symbolic link 777\nregular file 640\n{\"version\"\nlink.cast\nreal.cast\n")
    }

    @Test func recordWritesFIFOsDevicesAndDescriptorsDirectly() throws {
        let folder = try Binary.temporaryFolder()
        defer { Binary.remove(folder) }
        let direct = try Binary.shell("""
            size=$("$GRADSTEP" record two-paths | wc -c)
            mkfifo pipe.cast; (wc -c < pipe.cast > fifo.count) & "$GRADSTEP" record two-paths --output pipe.cast; wait
            echo "fifo $(( $(cat fifo.count) == size ))"
            echo "stdout $(( $("$GRADSTEP" record two-paths --output /dev/stdout | wc -c) == size ))"
            echo "fd $(( $("$GRADSTEP" record two-paths --output /dev/fd/3 3>&1 | wc -c) == size ))"
            "$GRADSTEP" record two-paths --output >(wc -c > substituted.count); sleep 0.2
            while [ ! -s substituted.count ]; do sleep 0.05; done
            echo "substitution $(( $(cat substituted.count) == size ))"
            stat -c '%F' pipe.cast
            """, in: folder)
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.stdout == "fifo 1\nstdout 1\nfd 1\nsubstitution 1\nfifo\n")
    }

    /// Whether this test run may make device nodes (root, outside a container that forbids it).
    static let canMakeDevices: Bool = {
        guard let folder = try? Binary.temporaryFolder() else { return false }
        defer { Binary.remove(folder) }
        return (try? Binary.shell("mknod null c 1 3", in: folder).status) == 0
    }()

    @Test(.enabled(if: canMakeDevices, "needs mknod (root): the test makes a null device of its own"))
    func recordToADeviceLeavesTheDevice() throws {
        // `--output /dev/null` as root once made the system's /dev/null a regular file: the test
        // uses a null device of its own, so that a regression cannot break the machine it runs on.
        let folder = try Binary.temporaryFolder()
        defer { Binary.remove(folder) }
        let run = try Binary.shell("""
            mknod null c 1 3 && "$GRADSTEP" record two-paths --output null && stat -c '%F' null
            """, in: folder)
        #expect(run.status == 0 && run.stdout == "character special file\n", "\(run.stdout)")
    }

    @Test func aRecordingThatCannotBeWrittenLeavesNothingBehind() throws {
        let folder = try Binary.temporaryFolder()
        defer { Binary.remove(folder) }
        let directory = try Binary.shell("mkdir d; \"$GRADSTEP\" record two-paths --output d", in: folder)
        #expect(directory.status == 1 && directory.stderr == "gradstep: error: cannot write 'd': it is a directory\n")
        // A full device of the test's own (see recordToADeviceLeavesTheDevice), else the system's.
        let full = try Binary.shell("""
            device=/dev/full; mknod full c 1 7 2>/dev/null && device=full
            "$GRADSTEP" record two-paths --output $device 2>&1 | sed "s|$device|FULL|"; rm -f full
            """, in: folder)
        #expect(full.stdout == "gradstep: error: cannot write 'FULL': No space left on device\n")
        // A file that outgrows what it may be (as a full disk would stop it): the old file stays whole.
        let tooBig = try Binary.shell("""
            echo old > x.cast; trap '' XFSZ; ulimit -f 8; "$GRADSTEP" record two-paths --output x.cast; echo "status $?"; ls; cat x.cast
            """, in: folder)
        #expect(tooBig.stderr == "gradstep: error: cannot write 'x.cast': File too large\n")
        #expect(tooBig.stdout == "status 1\nd\nx.cast\nold\n", "no x.cast.partial-PID left behind")
    }
}

extension IOFailureTests {
    @Test func aRecordingEndedBySIGTERMLeavesNothingBehind() throws {
        let folder = try Binary.temporaryFolder()
        defer { Binary.remove(folder) }
        let run = try Binary.shell("""
            { echo "x = Value(1.0, label='x')"; for i in $(seq 4000); do echo "x = x * 1.0001"; done; echo "x.backward()"; } > chain.py
            echo old > x.cast
            "$GRADSTEP" record chain.py --output x.cast & pid=$!
            while ! ls x.cast.partial-* >/dev/null 2>&1; do sleep 0.01; done
            kill -TERM $pid; wait $pid; echo "status $?"; ls; cat x.cast
            """, in: folder)
        #expect(run.stdout == "status 143\nchain.py\nx.cast\nold\n", "\(run.stdout)")
    }
}

extension Binary {
    /// A new empty folder; the caller removes it.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `command` in bash, in `folder`, with `$GRADSTEP` naming the built binary, started as
    /// a shell starts it (`TmuxSession.spawnClean`: the test runner blocks signals, and a child
    /// would inherit that).
    static func shell(_ command: String, in folder: String? = nil) throws -> Result {
        let out = try temporaryFile(""), err = try temporaryFile("")
        defer { for file in [out, err] { remove(file) } }
        let script = (folder.map { "cd '\($0)' || exit 99\n" } ?? "") + command
        let status = try TmuxSession.spawnClean(["bash", "-c", script], environment: ["GRADSTEP": url.path], stdout: out, stderr: err)
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: code, stdout: try String(contentsOfFile: out, encoding: .utf8),
                      stderr: try String(contentsOfFile: err, encoding: .utf8))
    }
}
