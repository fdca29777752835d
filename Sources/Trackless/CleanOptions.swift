import MailMIME
import TrackerRules

/// The version written into the trace header and printed by `--version`.
public enum TracklessVersion {
    public static let string = "0.1.0"
}

/// How a message is cleaned. Defaults are the safe choice.
public struct CleanOptions: Sendable {
    /// Remove every remote load, tracker or not. Default: false.
    public var strict = false
    /// Also unwrap security wrappers organisations deploy on purpose (SafeLinks, Proofpoint ...). Default: false.
    public var unwrapSecurityLinks = false
    /// The reader's addresses, for recipient-identifying URLs. Default: empty, which means
    /// taken from Delivered-To, X-Original-To or To.
    public var recipients: [String] = []
    /// Add the `X-Trackless:` trace field when something changed. Default: true.
    public var addTraceField = true
    /// Parser caps; past them the message passes through untouched.
    public var limits = MIMELimits()
    /// The tracker rules in force: the built-in set plus any user rules files.
    /// nil means the built-in set alone, parsed on first use (a text-only message never needs it).
    public var ruleset: Ruleset?
    /// Also report every remote load of HTML parts that is kept (content images, the
    /// sender's own stylesheet), as `kept` findings: what an audit of everything a message
    /// makes a client contact needs. Default: false.
    public var reportKeptLoads = false
    /// List every finding in the report. False: the content stages (HTML, text, SVG) only
    /// count their changes by kind (`CleanReport.tally`), all that the trace field, the
    /// filter's log line and `clean`'s totals read; header findings are listed still.
    /// Default: true.
    public var listsFindings = true

    public init() {}
}
