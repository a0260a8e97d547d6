import Testing

@Test func placeholderSCDTests() { #expect(Bool(true)) }
