import Testing

@Test func TrackerRulesTestsBuilds() {}
