import Testing
@testable import Daemon

/// `metrics.listen` (README, Metrics and health): a default, `~` to turn it off, numeric host:port only, errors
/// naming the key.
@Suite struct MetricsConfigurationTests {
    let base = """
        kafka: {brokers: "k:9092"}
        warehouse: {dialect: sqlite, connection: "Driver=SQLite3;Database=/tmp/x.db"}

        """

    func parse(_ metrics: String) throws(ConfigurationError) -> Configuration {
        try ConfigurationLoader.parse(yaml: base + metrics, file: "test.yaml")
    }

    @Test func defaultIsLoopbackPort9464() throws {
        #expect(try parse("").metrics.listen == ListenAddress(host: "127.0.0.1", port: 9464, family: .ipv4))
        #expect(try parse("metrics: {}").metrics.listen?.description == "127.0.0.1:9464")
    }

    @Test(arguments: ["metrics:\n  listen: ~", "metrics:\n  listen: null", "metrics:\n  listen:"])
    func nullTurnsItOff(_ yaml: String) throws {
        #expect(try parse(yaml).metrics.listen == nil)
    }

    @Test func acceptsIPv4IPv6AndLocalhost() throws {
        #expect(
            try parse("metrics: {listen: \"0.0.0.0:9100\"}").metrics.listen
                == ListenAddress(host: "0.0.0.0", port: 9100, family: .ipv4))
        #expect(
            try parse("metrics: {listen: \"[::1]:9464\"}").metrics.listen
                == ListenAddress(host: "::1", port: 9464, family: .ipv6))
        #expect(try parse("metrics: {listen: \"localhost:8080\"}").metrics.listen?.description == "127.0.0.1:8080")
    }

    @Test(arguments: [
        "9464", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:http", "example.com:9464",
        "::1:9464", "[127.0.0.1]:9464", "\"\"", "300.0.0.1:9464",
    ])
    func refusesAnythingElseNamingTheKeyAndLine(_ value: String) {
        let yaml = "metrics:\n  listen: \(value.hasPrefix("\"") ? value : "\"\(value)\"")"
        #expect {
            try parse(yaml)
        } throws: { error in
            guard let problems = (error as? ConfigurationError)?.problems, problems.count == 1 else { return false }
            return problems[0].key == "metrics.listen" && problems[0].line == 4
                && problems[0].message.contains("host:port")
        }
    }

    @Test func unknownKeysAreErrors() {
        #expect(throws: ConfigurationError.self) { try parse("metrics: {port: 9464}") }
    }
}
