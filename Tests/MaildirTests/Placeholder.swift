import Testing

@Test func MaildirTestsBuilds() {}
