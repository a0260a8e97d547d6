import Daemon
import Testing

/// The benchmark starts its clocks only once the daemon's consumer group has settled.
@Suite struct GroupSettlementTests {
    static func line(_ worker: Int, _ partitions: ClosedRange<Int>, _ event: String) -> String {
        "2026-11-29T05:23:56.489Z info [worker=\(worker) kafka.partitions=\(partitions.map(String.init).joined(separator: ","))] partitions \(event)"
    }

    @Test func settledOnlyWhenEveryWorkerHoldsItsShareOfAllPartitions() {
        var log = [Self.line(1, 0...7, "assigned"),
                   "2026-11-29T05:23:56.490Z info [worker=1 kafka.partitions=[bench [0], bench [1]]] Kafka partitions assigned"]
        #expect(!GroupSettlement.isSettled(log.joined(separator: "\n"), workers: 2, partitions: 8))  // worker 2 not in yet
        log += [Self.line(1, 0...7, "revoked")]
        #expect(!GroupSettlement.isSettled(log.joined(separator: "\n"), workers: 2, partitions: 8))  // rebalancing
        log += [Self.line(2, 4...7, "assigned")]
        #expect(!GroupSettlement.isSettled(log.joined(separator: "\n"), workers: 2, partitions: 8))  // worker 1 still revoked
        log += [Self.line(1, 0...3, "assigned")]
        #expect(GroupSettlement.isSettled(log.joined(separator: "\n"), workers: 2, partitions: 8))
        #expect(!GroupSettlement.isSettled(log.joined(separator: "\n"), workers: 3, partitions: 8))
    }
}
