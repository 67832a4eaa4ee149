import ArgumentParser
import Foundation
import SafeText

/// Reading and writing with the system's own calls, so that every failure is a one-line message
/// and an exit status, never a trap (Foundation's `FileHandle.write` traps on EPIPE, ENOSPC, EBADF).
enum StandardIO {
    /// The most gradstep reads from one file or pipe; anything longer is refused, not eaten.
    static let inputLimit = 1 << 30

    /// "1 GiB", as messages and the docs say it.
    static let inputLimitText = "1 GiB"

    /// Makes sure descriptors 0, 1 and 2 are taken, so that no file opened later lands on one of
    /// them (a closed standard output would otherwise receive a recording's bytes). A closed one
    /// is opened on /dev/null the wrong way round, so using it still fails with EBADF.
    static func holdStandardDescriptors() {
        for fd: Int32 in [0, 1, 2] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let held = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY)
            if held >= 0 && held != fd {
                dup2(held, fd)
                close(held)
            }
        }
    }

    /// Why a write failed, as the error line says it.
    struct WriteFailure: Error {
        var errno: Int32
        var reason: String { String(cString: strerror(errno)) }
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and interruptions.
    static func write(_ bytes: [UInt8], to fd: Int32) throws(WriteFailure) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure != 0 { throw WriteFailure(errno: failure) }
    }

    /// Writes `text` to standard output. A reader that went away (EPIPE: `| head`) ends the program
    /// quietly, as SIGPIPE would; any other failure is one line on standard error and exit 1.
    static func emit(_ text: String) {
        emit(bytes: Array(text.utf8))
    }

    /// Writes text meant to be read (trace, dot) to standard output: on a terminal whose locale
    /// is not UTF-8, every character outside ASCII is written out (`\u00e9`), as `frame` draws
    /// ASCII there, since such a terminal would show the bytes as garbage or obey 0x9B as CSI.
    static func emitReadable(_ text: String) {
        emit(isatty(STDOUT_FILENO) == 1 && !Locale.isUTF8 ? SafeText.asciiOnly(text) : text)
    }

    /// Writes `bytes` to standard output, as `emit(_:)` writes text.
    static func emit(bytes: [UInt8]) {
        do {
            try write(bytes, to: STDOUT_FILENO)
        } catch {
            failedOutput(error, where: "standard output")
        }
    }

    /// Writes `line` and a newline to standard error; there is nowhere to report a failure of that.
    static func warn(_ line: String) {
        try? write(Array((line + "\n").utf8), to: STDERR_FILENO)
    }

    /// Ends the program for a write that failed: quietly for a closed pipe, else with the reason.
    static func failedOutput(_ failure: WriteFailure, where place: String) -> Never {
        if failure.errno == EPIPE { exit(141) }  // 128 + SIGPIPE: what a shell shows for `| head`
        warn("gradstep: error: cannot write \(place): \(failure.reason)")
        exit(1)
    }

    /// Why a read failed, as the error line says it.
    struct ReadFailure: Error {
        var message: String
    }

    /// Reads `fd` to its end in chunks, refusing more than `inputLimit` bytes.
    /// - Complexity: O(n) in the bytes read.
    static func readAll(_ fd: Int32, name: String) throws(ReadFailure) -> [UInt8] {
        let tooBig = ReadFailure(message: "cannot read \(name): it is larger than \(inputLimitText), the most gradstep reads")
        var status = stat()
        if fstat(fd, &status) == 0 && status.st_mode & S_IFMT == S_IFREG && Int(status.st_size) > inputLimit { throw tooBig }
        // Read straight into the array, doubling it as it fills, but never past the limit and a
        // byte (the byte that tells a stream is too long): no copy per chunk, no 2 GiB array.
        var bytes = [UInt8](repeating: 0, count: 1 << 16)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= inputLimit else { throw tooBig }
                let grown = min(2 * bytes.count, inputLimit + 1)
                bytes.reserveCapacity(grown)
                bytes.append(contentsOf: [UInt8](repeating: 0, count: grown - count))
            }
            let read = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
            if read < 0 {
                if errno == EINTR { continue }
                throw ReadFailure(message: "cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if read == 0 {
                bytes.removeSubrange(count...)
                return bytes
            }
            count += read
        }
    }
}

/// Writes `text` to standard output as it is (see `StandardIO.emit`).
func emit(_ text: String) {
    StandardIO.emit(text)
}
