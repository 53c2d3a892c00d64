/// What was typed, put in the order the parser reads: people type global options before the
/// subcommand as well as after it (`railfleet --db depot.sqlite wo list`, as git and kubectl
/// take them), and a negative number as an option's value (`--if-version -1`).
struct CommandLineWords {
    /// Options every command takes, with whether each takes a value.
    static let globalOptions: [String: Bool] = ["--db": true, "--user": true, "--json": false]

    let words: [String]

    init(_ arguments: [String]) {
        var leading: [String] = []
        var rest = arguments[...]
        // Global options before the first subcommand name move behind the subcommand path.
        while let word = rest.first, let name = word.split(separator: "=", maxSplits: 1).first.map(String.init),
            let takesValue = Self.globalOptions[name]
        {
            leading.append(word)
            rest = rest.dropFirst()
            if takesValue, !word.contains("="), let value = rest.first {
                leading.append(value)
                rest = rest.dropFirst()
            }
        }
        // Behind the subcommand's own words, but before a `--` that ends the options.
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        let ordered = rest.isEmpty ? leading : Array(rest[..<end]) + leading + Array(rest[end...])
        words = Self.joiningNegativeValues(ordered)
    }

    /// `--option -1` becomes `--option=-1`: the parser would read `-1` as an option of its own.
    static func joiningNegativeValues(_ words: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < words.count {
            if words[i] == "--" {
                out += words[i...]
                break
            }
            if words[i].hasPrefix("--"), !words[i].contains("="), i + 1 < words.count,
                isNegativeNumber(words[i + 1]), globalOptions[words[i]] != false
            {
                out.append("\(words[i])=\(words[i + 1])")
                i += 2
            } else {
                out.append(words[i])
                i += 1
            }
        }
        return out
    }

    /// A word that starts like a negative number or date: `-1`, `-2.5`, `-001-01-01`.
    static func isNegativeNumber(_ word: String) -> Bool {
        word.count > 1 && word.hasPrefix("-") && word.dropFirst().first?.isNumber == true
    }

    /// A negative number left standing as an argument, which the parser took for an option.
    var strayNegativeNumber: String? {
        var previous = ""
        for word in words {
            if word == "--" { return nil }
            if Self.isNegativeNumber(word), !previous.hasPrefix("--") || previous.contains("=") { return word }
            previous = word
        }
        return nil
    }

    /// An option given twice (`--source a --source b`): the parser would keep one silently.
    var repeatedOption: String? {
        var seen: Set<String> = []
        for word in words {
            if word == "--" { return nil }
            guard word.hasPrefix("--"), let name = word.split(separator: "=", maxSplits: 1).first.map(String.init)
            else { continue }
            if !seen.insert(name).inserted { return name }
        }
        return nil
    }
}
