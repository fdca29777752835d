// MailHTML
