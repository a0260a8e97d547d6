import Foundation
import Kafka
import Testing
@testable import Benchmark

/// The benchmark's own measurements: /proc parsing and the outside-in produce→commit latency.
@Suite struct BenchmarkMeasurementTests {
    @Test func aStatLineIsReadFromItsLastParenthesis() throws {
        // A command name with a space and a parenthesis, as a process may give itself.
        let line = "4242 (postgres: a) b) S 4200 4242 4242 0 -1 4194560 1000 0 0 0 250 50 30 20 20 0 1 0 100 0 0"
        let stat = try #require(ProcessCPU.parse(line))
        #expect(stat.command == "postgres: a) b")
        #expect(stat.parent == 4200)
        #expect(stat.own == 300 / ProcessCPU.ticksPerSecond)
        #expect(stat.reapedChildren == 50 / ProcessCPU.ticksPerSecond)
        #expect(ProcessCPU.parse("4242 (x) S 1 2") == nil)
    }

    @Test func thisProcessHasCPUAndATree() throws {
        let own = try #require(ProcessCPU.stat(getpid()))
        let tree = try #require(ProcessCPU.treeSeconds(root: getpid()))
        #expect(tree >= own.own)
    }

    @Test func aRecordIsTimedByTheFirstLookThatFindsItCommitted() {
        var tracker = CommitLatencyTracker()
        tracker.delivered([
            .init(partition: 0, offset: 0, createdAtMilliseconds: 1_000),
            .init(partition: 0, offset: 1, createdAtMilliseconds: 1_010),
            .init(partition: 1, offset: 0, createdAtMilliseconds: 1_020),
        ])
        #expect(tracker.committed(partition: 0, nextOffset: 1, now: 1_100) == [100])
        #expect(tracker.committed(partition: 0, nextOffset: 1, now: 1_200) == [])  // counted once
        #expect(tracker.committed(partition: 1, nextOffset: 0, now: 1_200) == [])  // not committed yet
        #expect(tracker.pendingCount == 2)
        // A delivery report that arrives after its commit was already seen is timed at the next look.
        tracker.delivered([
            .init(partition: 0, offset: 3, createdAtMilliseconds: 1_050),
            .init(partition: 0, offset: 2, createdAtMilliseconds: 1_040),
        ])
        #expect(tracker.committed(partition: 0, nextOffset: 4, now: 1_300) == [290, 260, 250])
        #expect(tracker.committed(partition: 1, nextOffset: 1, now: 1_300) == [280])
        #expect(tracker.pendingCount == 0)
        #expect(tracker.deliveredCount == 5)
    }
}
