import Foundation
import Kafka
import Logging
import Testing

/// `KafkaAdmin` against the mock cluster over TCP, including what librdkafka 2.0.2's mock does not do
/// (describe groups, look offsets up by time), which `starsink offsets reset` works around.
@Suite(.timeLimit(.minutes(1)))
struct AdminTests {
    @Test func partitionsWatermarksTimestampsAndTheMocksGaps() async throws {
        try await blocking {
            let logs = LogCapture()
            let cluster = try KafkaMockCluster(brokers: 2, logger: logs.logger())
            try cluster.createTopic("orders", partitions: 3)
            let producer = try cluster.producer(logs: logs)
            let before = Int64(Date().timeIntervalSince1970 * 1000)
            for index in 0..<30 {
                try producer.send(topic: "orders", partition: Int32(index % 3), key: nil, value: bytes("\(index)"))
            }
            try producer.flush(timeoutMilliseconds: 10_000)
            let after = Int64(Date().timeIntervalSince1970 * 1000)

            let admin = try KafkaAdmin(brokers: cluster.bootstrapServers, logger: logs.logger())
            #expect(try admin.partitions(of: "orders", timeoutMilliseconds: 5000) == [0, 1, 2])
            let partition = TopicPartition(topic: "orders", partition: 1)
            let marks = try admin.watermarks(partition, timeoutMilliseconds: 5000)
            #expect(marks.start == 0 && marks.end == 10)
            let record = try admin.recordTimestamp(at: 4, partition, timeoutMilliseconds: 5000)
            #expect(record?.offset == 4)
            #expect(
                record.map { (before...after).contains($0.milliseconds) } == true,
                "CreateTime of the record: \(String(describing: record))")

            // The mock's gaps: if these start to pass differently, a newer librdkafka answers for itself.
            let noOffset: [TopicPartition: Int64?] = [partition: nil]
            #expect(
                try admin.offsets(atOrAfter: before, [partition], timeoutMilliseconds: 5000) == noOffset,
                "librdkafka 2.0.2's mock answers no offset for any time")
            guard case .unsupported = try admin.group("starsink", timeoutMilliseconds: 5000) else {
                Issue.record("librdkafka 2.0.2's mock cannot describe groups")
                return
            }
        }
    }
}
