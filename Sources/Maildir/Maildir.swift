// Maildir: folder discovery, file names (flags, `,S=`, `,W=`), unique names, and the
// crash-safe replacement of a message file (`MaildirReplacer`) with its recovery
// (`MaildirRecovery`). Every system call goes through `Syscalls.swift`.
// See docs/maildir.md for the sequence and its guarantees.
