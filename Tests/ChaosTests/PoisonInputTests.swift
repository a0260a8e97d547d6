import Foundation
import Kafka
import Logging
import ODBC
import Simulator
import StarSchema
import Testing
import TestSupport

extension ChaosTests {
    /// Every class of invalid message, interleaved with valid orders and awkward-but-valid ones, all
    /// in one partition so a stall behind a poison message would show. Each invalid message is one
    /// dead letter with the right code, in STARSINK_REJECTED and on the DLQ topic with its headers;
    /// each awkward order is stored exactly as written.
    @Test(.timeLimit(.minutes(5)))
    func poisonAndAwkwardInput() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            var random = try ChaosRandom()
            let fixture = try PipelineFixture(dialect: .postgresql, partitions: 3, workers: 2, batchMaxRecords: 500)
            let corpus = try PoisonCorpus.build(validOrders: ChaosScale.events(3_000), random: &random)
            try corpus.send(to: fixture.brokers)
            let expected = corpus.expected

            let daemon = try fixture.startDaemon()
            defer { finish(daemon) }
            let loaded = try fixture.waitUntilLoaded(expected.messages, timeout: .seconds(120), daemon: daemon)
            #expect(loaded, "daemon stderr: \(daemon.stderr.suffix(20))")
            #expect(try fixture.verify(expected) == [])

            let connection = try fixture.connect()
            let rows = try connection.query(
                "SELECT kafka_offset, error_code, error_detail FROM e_commerce.starsink_rejected WHERE kafka_partition = 0"
            )
            var stored: [Int64: String] = [:]
            for row in rows {
                guard let offset = row[0].flatMap({ Int64($0) }), let code = row[1] ?? nil else { continue }
                stored[offset] = code
                #expect(!(row[2] ?? "").isEmpty, "dead letter at \(offset) has no detail")
            }
            for (offset, poison) in corpus.poison.sorted(by: { $0.key < $1.key }) {
                #expect(
                    stored[offset] == poison.code,
                    "\(poison.what) at offset \(offset): stored \(stored[offset] ?? "nothing")")
            }
            #expect(stored.count == corpus.poison.count)

            try checkAwkwardRowsStoredExactly(corpus, connection: fixture.connect())
            try checkDeadLetterTopic(corpus, brokers: fixture.brokers)
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
            let outcome = try fixture.outcome("poison and awkward input", expected)
            #expect(outcome.lost == 0 && outcome.duplicated == 0)
        }
    }

    private func checkAwkwardRowsStoredExactly(_ corpus: PoisonCorpus, connection: ODBCConnection) throws {
        let rows = try connection.query(
            """
            SELECT f.order_id, c.customer_name, f.region, p.product_name, p.category, f.order_timestamp, f.date_id,
                   f.price, f.quantity, f.total_amount
            FROM e_commerce.fact_orders f
            JOIN e_commerce.dim_customer c ON c.customer_sk = f.customer_sk
            JOIN e_commerce.dim_product p ON p.product_id = f.product_id
            WHERE f.order_id LIKE 'AWK-%'
            """)
        var byID: [String: [String]] = [:]
        for row in rows { if let id = row[0] ?? nil { byID[id] = row.dropFirst().map { $0 ?? "NULL" } } }
        for awkward in corpus.awkward {
            let want = [
                "customer_name", "region", "product_name", "category", "order_timestamp", "date_id", "price",
                "quantity", "total_amount",
            ]
            .map { awkward.stored[$0] ?? "?" }
            #expect(byID[awkward.orderID] == want, "\(awkward.what)")
        }
    }

    /// Reads orders.dlq from the beginning: one message per dead letter, with the source position and code.
    private func checkDeadLetterTopic(_ corpus: PoisonCorpus, brokers: String) throws {
        var logger = Logger(label: "dlq")
        logger.logLevel = .warning
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(brokers: brokers, groupID: "chaos-dlq-reader"), logger: logger)
        defer { consumer.close() }
        try consumer.subscribe(topics: ["orders.dlq"])
        var seen: [Int64: [String: String]] = [:]
        var copies = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while seen.count < corpus.poison.count, ContinuousClock.now < deadline {
            guard case .message(let message) = consumer.poll(timeoutMilliseconds: 200) else { continue }
            var headers: [String: String] = [:]
            for header in message.headers { headers[header.key] = String(decoding: header.value, as: UTF8.self) }
            guard let offset = headers["starsink.source.offset"].flatMap({ Int64($0) }) else { continue }
            if seen[offset] != nil { copies += 1 }
            seen[offset] = headers
        }
        for (offset, poison) in corpus.poison {
            let headers = seen[offset]
            #expect(
                headers?["starsink.error.code"] == poison.code, "DLQ for \(poison.what) at \(offset): \(headers ?? [:])"
            )
            #expect(headers?["starsink.source.topic"] == "orders" && headers?["starsink.source.partition"] == "0")
            if poison.code == "message_too_large" {
                #expect(
                    headers?["starsink.payload.truncated_from"] == "\(1 << 20)",
                    "an oversized payload is published truncated")
            }
        }
        #expect(copies == 0, "dead letters published more than once")
    }
}
