import Foundation
import Testing
@testable import Terminal

/// Bytes to keys in the locale's encoding: a stray byte costs nothing but itself.
@Suite struct KeyDecoderTests {
    /// Decodes `bytes` under `locale` (for this thread only), as `readKey` feeds them.
    static func decode(_ bytes: [UInt8], locale: String) throws -> [String] {
        // A locale of the tests' own is found through LOCPATH, set only while it is loaded: every
        // other process the tests start must read the system's locales.
        if locale == Latin1.name, let folder = Latin1.folder { setenv("LOCPATH", folder, 1) }
        let loaded = newlocale(LC_CTYPE_MASK, locale, nil)
        unsetenv("LOCPATH")
        let loadedLocale = try #require(loaded, "no locale \(locale)")
        let before = uselocale(loadedLocale)
        defer {
            uselocale(before)
            freelocale(loadedLocale)
        }
        var decoder = Terminal.KeyDecoder()
        return bytes.map { byte in
            switch decoder.feed(byte) {
            case .character(let value): String(Character(Unicode.Scalar(value)!))
            case .needMore: "…"
            case .dropped: "dropped"
            }
        }
    }

    @Test func aStrayByteIsDroppedAndTheKeyAfterItWorks() throws {
        #expect(try Self.decode([0xFF, 0x6E], locale: "C.UTF-8") == ["dropped", "n"])
        // é is two bytes in UTF-8; a lead byte whose continuation never comes gives the next key back.
        #expect(try Self.decode([0xC3, 0xA9, 0x71], locale: "C.UTF-8") == ["…", "é", "q"])
        #expect(try Self.decode([0xC3, 0x71], locale: "C.UTF-8") == ["…", "q"])
        #expect(try Self.decode([0xE2, 0x96, 0xFF, 0x6E], locale: "C.UTF-8") == ["…", "…", "dropped", "n"])
        // In the C locale every byte above 0x7F is no character at all.
        #expect(try Self.decode([0xE9, 0x6E], locale: "C") == ["dropped", "n"])
    }

    @Test(.enabled(if: Latin1.folder != nil, "localedef cannot make a Latin-1 locale here (apt-get install locales)"))
    func aLatin1TerminalsKeysAreLatin1() throws {
        #expect(try Self.decode([0xE9, 0x6E], locale: Latin1.name) == ["é", "n"])
    }
}

/// A Latin-1 locale compiled for the tests into a folder of their own (`LOCPATH`).
enum Latin1 {
    static let name = "en_US.ISO-8859-1"
    static let folder: String? = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradstep-locales").path
        if FileManager.default.fileExists(atPath: folder + "/" + name + "/LC_CTYPE") { return folder }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/localedef")
        process.arguments = ["-i", "en_US", "-f", "ISO-8859-1", folder + "/" + name]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return FileManager.default.fileExists(atPath: folder + "/" + name + "/LC_CTYPE") ? folder : nil
    }()
}
