// MailMIME
