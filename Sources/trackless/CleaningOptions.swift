import ArgumentParser
import Trackless

/// The options that decide how a message is cleaned: one definition for `filter`, `clean`
/// and `preview`, so that the three accept the same words and mean the same by them.
struct CleaningOptions: ParsableArguments {
    @Flag(help: "Remove every remote load, not only trackers; images become their alt text.")
    var strict = false

    @Flag(help: "Also unwrap security link wrappers (SafeLinks, Proofpoint, ...).")
    var unwrapSecurityLinks = false

    @Option(name: .customLong("recipient"), help: "The reader's address (default: from Delivered-To, X-Original-To or To). Repeatable.")
    var recipients: [String] = []

    @Option(name: .customLong("rules"), help: "A user rules file (repeatable). The default file is read when HOME or XDG_CONFIG_HOME is set.")
    var rulesFiles: [String] = []

    /// These options as `CleanOptions`, with the rules given (read by the caller, which
    /// decides what a broken rules file means for its command).
    func cleanOptions(rules: RulesFiles.Loaded) -> CleanOptions {
        Self.cleanOptions(strict: strict, unwrapSecurityLinks: unwrapSecurityLinks, recipients: recipients, rules: rules)
    }

    static func cleanOptions(strict: Bool, unwrapSecurityLinks: Bool, recipients: [String], rules: RulesFiles.Loaded)
        -> CleanOptions
    {
        var options = CleanOptions()
        options.strict = strict
        options.unwrapSecurityLinks = unwrapSecurityLinks
        options.recipients = recipients.map { $0.lowercased() }
        options.ruleset = rules.ruleset
        return options
    }
}
