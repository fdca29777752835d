import ArgumentParser
import Trackless

/// `trackless rules`: list and validate the tracker rules in force.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List and validate the tracker rules in force.",
        discussion: """
            Built-in rules are always in force. User rules come from --rules FILE and from
            $XDG_CONFIG_HOME/trackless/rules (or ~/.config/trackless/rules). The format is in
            docs/rules.md. Exits 78 (EX_CONFIG) when a rules file has errors.

            Examples:
              trackless rules
              trackless rules --rules /etc/trackless/rules --list
              trackless rules --vendors
            """
    )

    @Option(name: .customLong("rules"), help: "A user rules file (repeatable).")
    var rulesFiles: [String] = []

    @Flag(help: "List every rule, built-in ones included.")
    var list = false

    @Flag(help: "Do not read the default user rules file.")
    var noDefault = false

    @Flag(help: "List the vendors the rules name, with the company behind each, its country and category, and the source of those facts.")
    var vendors = false

    func run() throws {
        if vendors {
            print(VendorListing.text(), terminator: "")
            return
        }
        let loaded = RulesFiles.load(paths: rulesFiles, includeDefault: !noDefault)
        let ruleset = loaded.ruleset ?? .builtIn
        print(ruleset.describe(verbose: list), terminator: "")
        for p in ruleset.builtInProblems where loaded.ruleset == nil { printError("trackless rules: built-in rules: \(p)") }
        if !noDefault, let def = RulesFiles.defaultPath(), !loaded.origins.contains(def) {
            print("default user rules file \(def): not present")
        }
        for p in loaded.problems { printError("trackless rules: \(p)") }
        if !loaded.problems.isEmpty || !ruleset.builtInProblems.isEmpty { throw ExitStatus.config }
    }
}
