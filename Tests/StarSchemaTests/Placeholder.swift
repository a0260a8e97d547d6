import Testing

@Test func placeholderStarSchemaTests() { #expect(Bool(true)) }
