import Testing

@testable import Daemon

/// `dimensions.*`: which customer attributes keep history.
@Suite struct DimensionsConfigurationTests {
    static let base = """
        kafka: {brokers: "localhost:9092"}
        warehouse: {dialect: sqlite, connection: "Driver=SQLite3;Database=/tmp/w.db"}

        """

    @Test func regionIsType2UnlessConfigured() throws {
        #expect(try ConfigurationLoader.parse(yaml: Self.base, file: "f.yaml").dimensions.customerRegion == .type2)
        let type1 = try ConfigurationLoader.parse(
            yaml: Self.base + "dimensions: {customer_region: type1}", file: "f.yaml")
        #expect(type1.dimensions.customerRegion == .type1)
    }

    @Test func aNameHistoryOrAnUnknownTypeIsRefusedWithTheKey() {
        #expect {
            try ConfigurationLoader.parse(
                yaml: Self.base + "dimensions: {customer_name: type2, customer_region: type3}", file: "f.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("f.yaml") && text.contains("dimensions.customer_name: only type1")
                && text.contains("dimensions.customer_region: must be one of type1, type2")
        }
    }
}
