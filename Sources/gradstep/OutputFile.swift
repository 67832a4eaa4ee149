import Foundation
import SafeText
import TerminalRestore

/// A file a command writes (`record --output`), written through what the path names: a regular
/// file or a new path gets a temporary file beside it that is renamed into place at the end (so
/// a failed recording never leaves half a file, and the old one stays whole until then); a
/// symlink is followed to its target; a FIFO, a device, `/dev/stdout` or `/dev/fd/N` is written
/// directly; a directory is refused.
final class OutputFile {
    /// Why the file cannot be opened or written, as the error line says it.
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "gradstep: error: cannot write '\(SafeText.visible(path))': \(reason)" }
    }

    private let path: String
    private let fd: Int32
    /// The temporary file and the path it is renamed to, when the file is replaced whole.
    private let replacing: (temporary: String, destination: String)?

    private init(path: String, fd: Int32, replacing: (temporary: String, destination: String)? = nil) {
        self.path = path
        self.fd = fd
        self.replacing = replacing
    }

    /// Opens `path` for writing as its kind asks.
    static func open(_ path: String) throws(Failure) -> OutputFile {
        if let descriptor = descriptor(named: path) {
            return try direct(path, dup(descriptor))
        }
        var target = stat()
        if stat(path, &target) != 0 {
            guard errno == ENOENT else { throw Failure(path: path, reason: reason()) }
            var link = stat()
            if lstat(path, &link) == 0 {
                // A symlink to a path that does not exist yet: its target is a new path.
                return try replacing(linkTarget(path), shownAs: path, like: nil)
            }
            return try replacing(path, shownAs: path, like: nil)
        }
        switch target.st_mode & S_IFMT {
        case S_IFDIR:
            throw Failure(path: path, reason: "it is a directory")
        case S_IFREG:
            // Through any symlinks, so that a link stays a link and its target gets the new bytes.
            let resolved = realpath(path, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            } ?? path
            return try replacing(resolved, shownAs: path, like: target)
        default:
            return try direct(path, Glibc.open(path, O_WRONLY | O_CLOEXEC))
        }
    }

    /// A descriptor written as it is, or the reason it could not be had.
    private static func direct(_ path: String, _ fd: Int32) throws(Failure) -> OutputFile {
        guard fd >= 0 else { throw Failure(path: path, reason: reason()) }
        return OutputFile(path: path, fd: fd)
    }

    /// A temporary file beside `destination`, with the mode and owner of the file it replaces.
    private static func replacing(_ destination: String, shownAs path: String, like existing: stat?) throws(Failure) -> OutputFile {
        let temporary = destination + ".partial-\(getpid())"
        gs_remove_on_signal(temporary)  // before it exists: Ctrl-C or SIGTERM from now on leaves no half file
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            let failure = Failure(path: path, reason: reason())
            gs_remove_on_signal(nil)
            throw failure
        }
        if let existing {
            _ = fchown(fd, existing.st_uid, existing.st_gid)  // only root may; for anyone else it is theirs already
            _ = fchmod(fd, existing.st_mode & 0o7777)
        }
        return OutputFile(path: path, fd: fd, replacing: (temporary, destination))
    }

    /// Writes all of `text`.
    func write(_ text: String) throws(Failure) {
        do {
            try StandardIO.write(Array(text.utf8), to: fd)
        } catch {
            throw Failure(path: path, reason: error.reason)
        }
    }

    /// Closes the file and, when it replaces one, renames it into place.
    func finish() throws(Failure) {
        let closed = close(fd) == 0 ? nil : Self.reason()
        gs_remove_on_signal(nil)
        guard let (temporary, destination) = replacing else {
            if let closed, errno != EINTR { throw Failure(path: path, reason: closed) }
            return
        }
        if let closed {
            unlink(temporary)
            throw Failure(path: path, reason: closed)
        }
        if rename(temporary, destination) != 0 {
            let reason = Self.reason()
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
    }

    /// Gives up: closes the file and removes the temporary one, leaving what was there before.
    func abandon() {
        gs_remove_on_signal(nil)
        close(fd)
        if let (temporary, _) = replacing { unlink(temporary) }
    }

    /// Where the symlink at `path` points, relative to the link's folder when it is relative.
    private static func linkTarget(_ path: String) -> String {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return path }
        if target.hasPrefix("/") { return target }
        return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(target).path
    }

    /// The descriptor a path like `/dev/stdout`, `/dev/fd/3` or `/proc/self/fd/3` stands for:
    /// duplicated rather than opened again, so an appending or already-written descriptor keeps
    /// its offset, and a pipe from `>(...)` is the same pipe.
    private static func descriptor(named given: String) -> Int32? {
        // `//dev/stdout` and `/proc/<this process>/fd/1` name the same descriptors.
        let path = URL(fileURLWithPath: given).standardized.path
            .replacingOccurrences(of: "/proc/\(getpid())/fd/", with: "/proc/self/fd/")
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
