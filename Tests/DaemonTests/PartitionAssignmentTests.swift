import Kafka
import Testing
@testable import Daemon

/// `PartitionAssignment`: what a rebalance callback records and the worker's loop acts on. Exactly once rests on
/// it: no partition loads before its warehouse offset was read and sought, and a revoke drops whatever was
/// under way for the partition, including an offset read for an assignment that has ended.
@Suite struct PartitionAssignmentTests {
    static func partition(_ number: Int32) -> TopicPartition { TopicPartition(topic: "orders", partition: number) }
    static let zero = partition(0)
    static let one = partition(1)
    static let two = partition(2)

    @Test func anAssignedPartitionLoadsOnlyOnceItsOffsetWasReadAndItWasResumed() throws {
        var assignment = PartitionAssignment()
        #expect(assignment.isSettled && assignment.offsetRequest == nil)
        assignment.assign([Self.zero, Self.one])
        #expect(!assignment.isSettled && !assignment.isLoading(Self.zero))
        let request = try #require(assignment.offsetRequest)
        #expect(request.partitions == [Self.zero, Self.one])
        // Nothing can be resumed before the warehouse answered.
        let resumedEarly = assignment.resumed(Self.zero)
        #expect(!resumedEarly && !assignment.isLoading(Self.zero))

        // The warehouse holds a row for partition 0 only, and one for a partition of another worker.
        assignment.offsetsRead([Self.zero: 42, Self.two: 7], for: request)
        #expect(assignment.offsetRequest == nil)
        #expect(assignment.positioning == [Self.zero: 42, Self.one: nil])
        #expect(!assignment.isLoading(Self.zero), "still paused until sought and resumed")
        #expect(assignment.phases[Self.two] == nil, "an offset read for a partition not assigned adds nothing")

        let resumedZero = assignment.resumed(Self.zero)
        #expect(resumedZero && assignment.isLoading(Self.zero) && !assignment.isSettled)
        let resumedOne = assignment.resumed(Self.one)
        #expect(resumedOne && assignment.isSettled && assignment.loading == [Self.zero, Self.one])
        let resumedAgain = assignment.resumed(Self.one)
        #expect(!resumedAgain, "a partition resumes once")
    }

    @Test func aRevokeWhileTheReadIsPendingDropsIt() throws {
        var assignment = PartitionAssignment()
        assignment.assign([Self.zero, Self.one])
        let request = try #require(assignment.offsetRequest)
        assignment.revoke([Self.zero])
        assignment.offsetsRead([Self.zero: 42, Self.one: 9], for: request)
        #expect(assignment.positioning == [Self.one: 9])
        let resumedRevoked = assignment.resumed(Self.zero)
        #expect(assignment.phases[Self.zero] == nil && !resumedRevoked)
    }

    /// Revoked and assigned again before the answer came: another consumer may have loaded it in between, so
    /// the answer is stale for this assignment and the partition is asked about again.
    @Test func anAnswerForAnEarlierAssignmentOfAPartitionIsDropped() throws {
        var assignment = PartitionAssignment()
        assignment.assign([Self.zero])
        let stale = try #require(assignment.offsetRequest)
        assignment.revoke([Self.zero])
        assignment.assign([Self.zero])
        assignment.offsetsRead([Self.zero: 42], for: stale)
        #expect(assignment.positioning.isEmpty)
        let fresh = try #require(assignment.offsetRequest)
        #expect(fresh != stale && fresh.partitions == [Self.zero])
        assignment.offsetsRead([Self.zero: 50], for: fresh)
        #expect(assignment.positioning == [Self.zero: 50])
    }

    @Test func aRevokeForgetsAPartitionInEveryPhase() throws {
        var assignment = PartitionAssignment()
        assignment.assign([Self.zero, Self.one, Self.two])
        assignment.offsetsRead([:], for: try #require(assignment.offsetRequest))
        assignment.resumed(Self.zero)
        // zero loads, one and two wait to be sought; a revoke of everything (the eager protocol) clears all.
        assignment.revoke([Self.zero, Self.one, Self.two])
        #expect(assignment.phases.isEmpty && assignment.isSettled && assignment.loading.isEmpty)
        let resumedRevoked = assignment.resumed(Self.one)
        #expect(!resumedRevoked)
    }

    /// The cooperative protocol adds partitions while others load: those keep loading, the new ones wait.
    @Test func anIncrementalAssignmentLeavesLoadingPartitionsAlone() throws {
        var assignment = PartitionAssignment()
        assignment.assign([Self.zero])
        assignment.offsetsRead([Self.zero: 5], for: try #require(assignment.offsetRequest))
        assignment.resumed(Self.zero)
        assignment.assign([Self.one])
        #expect(assignment.isLoading(Self.zero) && !assignment.isSettled)
        #expect(assignment.offsetRequest?.partitions == [Self.one])
        assignment.revoke([Self.one])
        #expect(assignment.isSettled && assignment.loading == [Self.zero])
    }
}
