import Foundation
import Kafka
import Logging
import Simulator
import StarSchema
import Testing
import TestSupport

extension ChaosTests {
    /// Identical re-sends (in the same batch, and long after the original was loaded) change
    /// nothing; the same order id with different content becomes a `duplicate_conflict` dead
    /// letter whose detail names the offsets of both copies, and the first copy stays loaded.
    @Test(.timeLimit(.minutes(4)))
    func duplicatesAreNoOpsAndConflictsNameBothOffsets() async throws {
        // Off Swift's cooperative threads: a chaos test blocks for minutes, and two blocked threads
        // (the pool is as wide as the cores) starve every other test's time limit.
        try await offThePoolInTest {
            let fixture = try PipelineFixture(dialect: .postgresql, partitions: 1, workers: 1, batchMaxRecords: 500)
            let originals = simulatedMessages(
                chaosOrders(count: ChaosScale.events(3_000), seed: 808, invalidRate: 0, duplicateRate: 0.02))
            var sent: [[UInt8]] = []
            var events: [OrderEvent?] = []
            /// (the order id, offset of the conflicting copy)
            var conflicts: [(String, Int)] = []
            /// Offsets of the copies identical to the loaded one, by order id.
            var identical: [String: [Int]] = [:]
            func send(_ event: OrderEvent, payload: [UInt8]? = nil) {
                identical[event.orderID, default: []].append(sent.count)
                sent.append(payload ?? OrderJSON.encode(event))
                events.append(event)
            }
            func conflicting(_ event: OrderEvent) -> OrderEvent {
                var changed = event
                changed.quantity += 1
                return changed
            }
            // Part one: the stream, with conflicts right behind their originals (same batch).
            for (index, message) in originals.enumerated() {
                guard let event = message.event else { continue }
                send(event, payload: message.payload)
                if index.isMultiple(of: 150) {
                    conflicts.append((event.orderID, sent.count))
                    sent.append(OrderJSON.encode(conflicting(event)))
                    events.append(conflicting(event))
                }
            }
            let partOne = sent.count
            let producer = try KafkaProducer(
                configuration: KafkaProducerConfiguration(
                    brokers: fixture.brokers, properties: ["enable.idempotence": "true"]),
                logger: Logger(label: "duplicates"))
            for payload in sent { try producer.send(topic: "orders", partition: 0, key: nil, value: payload) }
            try producer.flush(timeoutMilliseconds: 30_000)

            let daemon = try fixture.startDaemon()
            defer { finish(daemon) }
            #expect(try fixture.waitUntilLoaded(partOne, timeout: .seconds(90), daemon: daemon))

            // Part two, after part one is committed: identical re-sends and conflicting copies of loaded orders.
            let loaded = originals.compactMap(\.event)
            for (index, event) in loaded.enumerated() where index.isMultiple(of: 40) {
                send(event)
                if index.isMultiple(of: 120) {
                    conflicts.append((event.orderID, sent.count))
                    sent.append(OrderJSON.encode(conflicting(event)))
                    events.append(conflicting(event))
                }
            }
            for payload in sent[partOne...] {
                try producer.send(topic: "orders", partition: 0, key: nil, value: payload)
            }
            try producer.flush(timeoutMilliseconds: 30_000)
            let expected = expectation(of: events)
            #expect(expected.conflicts == conflicts.count)
            #expect(try fixture.waitUntilLoaded(sent.count, timeout: .seconds(90), daemon: daemon))
            daemon.signal(SIGTERM)
            #expect(daemon.waitForExit(timeout: .seconds(60)) == 0)
            #expect(try fixture.verify(expected) == [])

            let connection = try fixture.connect()
            let rows = try connection.query(
                "SELECT kafka_offset, error_code, error_detail FROM e_commerce.starsink_rejected ORDER BY kafka_offset")
            #expect(rows.count == conflicts.count)
            var details: [Int: String] = [:]
            for row in rows {
                guard let offset = row[0].flatMap({ Int($0) }) else { continue }
                #expect(row[1] == "duplicate_conflict")
                details[offset] = row[2] ?? ""
            }
            // The detail names the conflicting copy and an earlier copy with the loaded content (the
            // original, or an identical re-send of it read in the same batch).
            for (orderID, copy) in conflicts {
                let detail = details[copy] ?? ""
                let earlier = (identical[orderID] ?? []).filter { $0 < copy }
                #expect(
                    detail.contains("this copy is at orders/0@\(copy)")
                        && earlier.contains { detail.contains("from orders/0@\($0) ") },
                    "conflict at \(copy) must name an earlier copy among \(earlier): \(detail)")
            }
            let outcome = try fixture.outcome("duplicates and conflicts", expected)
            #expect(outcome.lost == 0 && outcome.duplicated == 0)
        }
    }
}
