import ArgumentParser
import Demos
import Foundation

/// What Tab offers where a script is taken: the demos' names, then the files and folders that
/// start with what is typed (folders with their `/`, so Tab goes on into them).
enum ScriptCompletion {
    /// The candidates for `prefix`; hidden files only when the prefix asks for them.
    static func candidates(for prefix: String) -> [String] {
        var found = Demo.all.map(\.name).filter { $0.hasPrefix(prefix) }
        let slash = prefix.lastIndex(of: "/")
        let folder = slash.map { String(prefix[...$0]) } ?? ""
        let start = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        let path = folder.isEmpty ? "." : (folder.hasPrefix("~") ? NSString(string: folder).expandingTildeInPath : folder)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return found }
        for entry in entries.sorted() where entry.hasPrefix(start) && (start.hasPrefix(".") || !entry.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(entry), isDirectory: &isDirectory)
            found.append(folder + entry + (isDirectory.boolValue ? "/" : ""))
            if found.count >= 500 { break }
        }
        return found
    }
}

/// The completion scripts `--generate-completion-script` prints: argument-parser's own, taught
/// that a bare `gradstep` takes a script too (the default command, `open`), so that
/// `gradstep neu<Tab>` completes to `neuron` as `gradstep trace neu<Tab>` does.
enum CompletionScripts {
    /// argument-parser's script for `shell`, with the default command's script argument offered
    /// beside the subcommands. Unchanged if the generated script is not shaped as expected.
    static func script(for shell: CompletionShell) -> String {
        let script = Gradstep.completionScript(for: shell)
        let (anchor, addition): (String, String)
        switch shell {
        case .bash:
            anchor = "        COMPREPLY+=($(compgen -W 'open trace frame record layout dot demos exporter help' -- \"${cur}\"))\n"
            addition = "        # A bare gradstep opens a script or a demo: offer those too, from all the words typed.\n"
                + "        unparsed_words=(\"${COMP_WORDS[@]:1:${COMP_CWORD}}\")\n        _gradstep_open\n"
        case .zsh:
            anchor = "        _describe -V subcommand subcommands && ret=0\n"
            addition = "        # A bare gradstep opens a script or a demo: offer those too.\n"
                + "        __gradstep_custom_complete ---completion open -- positional@0 \"${current_word_index}\" \"$(__gradstep_cursor_index_in_current_word)\" && ret=0\n"
        case .fish:
            anchor = "complete -c 'gradstep' -n '__gradstep_should_offer_completions_for_positional \"gradstep\" -eq 1' -fa 'help'"
            addition = ""
            let line = "\n# A bare gradstep opens a script or a demo: offer those too.\n"
                + "complete -c 'gradstep' -n '__gradstep_should_offer_completions_for_positional \"gradstep\" -eq 1' -fka "
                + "'(__gradstep_custom_completion ---completion open -- positional@0 (count (__gradstep_tokens -pc)) (__gradstep_tokens -tC))'\n"
            return script.contains(anchor) ? script + line : script
        default:
            return script
        }
        guard let range = script.range(of: anchor) else { return script }
        return script.replacingCharacters(in: range, with: anchor + addition)
    }
}
