import Testing

@Test func MailHTMLTestsBuilds() {}
