import Testing

@Test func MailMIMETestsBuilds() {}
