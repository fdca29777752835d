import ArgumentParser

/// Exit statuses, from sysexits(3): MDAs act on them (see docs/delivery.md).
enum ExitStatus {
    static let ok = ExitCode(0)
    /// `clean --check`: something was found (an interrupted run's leftovers), as diff(1)
    /// exits 1 when files differ. Not a failure: nothing was changed.
    static let found = ExitCode(1)
    /// EX_USAGE: the command line was wrong.
    static let usage = ExitCode(64)
    /// EX_DATAERR: input data was wrong (not used by `filter`, which never rejects mail).
    static let dataError = ExitCode(65)
    /// EX_NOINPUT: a named input file or maildir is missing or unreadable.
    static let noInput = ExitCode(66)
    /// EX_SOFTWARE: an internal error outside `filter`.
    static let software = ExitCode(70)
    /// EX_IOERR: reading or writing failed.
    static let ioError = ExitCode(74)
    /// EX_TEMPFAIL: try again later; the MDA keeps the message.
    static let tempFail = ExitCode(75)
    /// EX_CONFIG: a rules or configuration file is invalid.
    static let config = ExitCode(78)
}
