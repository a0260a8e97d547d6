import Testing

@Test func placeholderChaosTests() { #expect(Bool(true)) }
