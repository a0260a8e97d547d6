import Foundation
import Kafka
import Testing

/// A producer with a delivery log notes where each record landed and when it was created, so a
/// caller can follow single records end to end.
@Suite(.timeLimit(.minutes(1))) struct DeliveryLogTests {
    @Test func everyDeliveredRecordIsNotedWithItsOffsetAndCreateTime() async throws {
        try await blocking {
            let logs = LogCapture()
            let cluster = try KafkaMockCluster(brokers: 1, logger: logs.logger())
            try cluster.createTopic("orders", partitions: 2)
            let log = DeliveryLog()
            let producer = try KafkaProducer(
                configuration: KafkaProducerConfiguration(brokers: cluster.bootstrapServers, deliveryLog: log),
                logger: logs.logger())
            let before = Int64(Date().timeIntervalSince1970 * 1000)
            for index in 0..<10 {
                try producer.send(topic: "orders", partition: Int32(index % 2), key: nil, value: Array("\(index)".utf8))
            }
            try producer.flush(timeoutMilliseconds: 10_000)
            let after = Int64(Date().timeIntervalSince1970 * 1000)
            let entries = log.drain()
            #expect(entries.count == 10)
            #expect(entries.filter { $0.partition == 0 }.map(\.offset) == [0, 1, 2, 3, 4])
            #expect(entries.filter { $0.partition == 1 }.map(\.offset) == [0, 1, 2, 3, 4])
            #expect(entries.allSatisfy { $0.createdAtMilliseconds >= before && $0.createdAtMilliseconds <= after })
            #expect(log.drain().isEmpty)
        }
    }
}
