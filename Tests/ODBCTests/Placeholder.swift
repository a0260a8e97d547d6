import Testing

@Test func placeholderODBCTests() { #expect(Bool(true)) }
