import Kafka

/// A worker's partitions through a rebalance: what the rebalance callback records and the worker's loop acts on.
///
/// The callback only records (`assign`, `revoke`) and returns; the partitions were assigned paused. The loop
/// then asks the warehouse where each stands (`offsetRequest`, answered by `offsetsRead`), seeks and resumes
/// it (`positioning`, then `resumed`), and only from then on are its messages loaded (`isLoading`). So no
/// batch of a partition can be loaded before its offset was read from the warehouse.
///
/// A revoke forgets a partition in whatever phase it is. An answer to a request made for an earlier
/// assignment of a partition — revoked since, even if it came back — is dropped: another consumer may have
/// loaded it in between, so that offset may be stale, and the partition is asked about again.
struct PartitionAssignment: Sendable, Equatable {
    enum Phase: Sendable, Equatable {
        /// Assigned (paused) by the assignment numbered `assignment`; the warehouse not asked yet.
        case awaitingOffset(assignment: Int)
        /// The warehouse answered: its next offset, nil when it holds no row (nothing loaded yet).
        case positioning(stored: Int64?)
        /// Sought to that offset and resumed: its messages load.
        case loading
    }

    /// The partitions to read offsets for, each with the assignment the answer must still belong to.
    struct OffsetRequest: Sendable, Equatable {
        let assignments: [TopicPartition: Int]

        var partitions: Set<TopicPartition> { Set(assignments.keys) }
    }

    private(set) var phases: [TopicPartition: Phase] = [:]
    /// Counts the assignments, so each partition's phase says which one it came from.
    private var assignments = 0
    /// True while every partition loads: the loop checks it between polls, so it is kept, not computed.
    private(set) var isSettled = true

    /// A rebalance assigned `partitions`, paused. With the eager protocol a revoke of everything came first;
    /// with the cooperative one the partitions already held keep their phase.
    mutating func assign(_ partitions: [TopicPartition]) {
        assignments += 1
        for partition in partitions { phases[partition] = .awaitingOffset(assignment: assignments) }
        updateSettled()
    }

    mutating func revoke(_ partitions: [TopicPartition]) {
        for partition in partitions { phases[partition] = nil }
        updateSettled()
    }

    /// What to ask the warehouse about now; nil when no partition waits for its offset.
    var offsetRequest: OffsetRequest? {
        var waiting: [TopicPartition: Int] = [:]
        for (partition, phase) in phases {
            if case .awaitingOffset(let assignment) = phase { waiting[partition] = assignment }
        }
        return waiting.isEmpty ? nil : OffsetRequest(assignments: waiting)
    }

    /// The warehouse's next offsets (all it holds for the topic; a partition without a row is absent),
    /// read for `request`. Partitions revoked or assigned anew since the request was made are left alone.
    mutating func offsetsRead(_ offsets: [TopicPartition: Int64], for request: OffsetRequest) {
        for (partition, assignment) in request.assignments
        where phases[partition] == .awaitingOffset(assignment: assignment) {
            phases[partition] = .positioning(stored: offsets[partition])
        }
        updateSettled()
    }

    /// The partitions whose offset is known, to be sought there and resumed, with that offset.
    var positioning: [TopicPartition: Int64?] {
        var ready: [TopicPartition: Int64?] = [:]
        for (partition, phase) in phases {
            if case .positioning(let stored) = phase { ready[partition] = stored }
        }
        return ready
    }

    /// `partition` was sought to its warehouse offset and resumed: it loads from now on. Returns false (and
    /// changes nothing) when it was not waiting for that, so its offset cannot be trusted.
    @discardableResult
    mutating func resumed(_ partition: TopicPartition) -> Bool {
        guard case .positioning = phases[partition] else { return false }
        phases[partition] = .loading
        updateSettled()
        return true
    }

    /// Whether messages of `partition` may be loaded.
    func isLoading(_ partition: TopicPartition) -> Bool { phases[partition] == .loading }

    /// The partitions that load.
    var loading: Set<TopicPartition> { Set(phases.compactMap { $0.value == .loading ? $0.key : nil }) }

    private mutating func updateSettled() {
        isSettled = phases.values.allSatisfy { $0 == .loading }
    }
}
