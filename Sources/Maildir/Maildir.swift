// Maildir
