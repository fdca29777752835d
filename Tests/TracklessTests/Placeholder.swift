import Testing

@Test func TracklessTestsBuilds() {}
