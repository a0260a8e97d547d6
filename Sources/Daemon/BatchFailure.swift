import Kafka

/// Why a batch's warehouse transaction did not commit: the typed failure of the worker's batch path
/// (`LoadWorker.transact`), from which `reaction` decides what the worker does.
enum BatchFailure: Error {
    /// A partition's offset row was moved by another writer: this worker no longer owns the partition.
    case fenced(TopicPartition)
    /// The warehouse failed or refused a statement (with the driver's diagnostics, when it gave any).
    case warehouse(WarehouseError)
    /// Anything else. `BatchTransaction.run` is declared `throws` only because the plan it calls is
    /// `rethrows`; what it throws is its fences and the warehouse's errors, so none is known to land here.
    case unexpected(any Error)

    /// What `BatchTransaction.run` threw, typed.
    init(_ error: any Error) {
        switch error {
        case let failure as BatchFailure: self = failure
        case let warehouse as WarehouseError: self = .warehouse(warehouse)
        default: self = .unexpected(error)
        }
    }

    /// What the worker does about a failed batch.
    enum Reaction {
        /// Roll back, drop the batch and re-read the partition's stored offsets: another writer owns it now.
        case reread(TopicPartition)
        /// Roll back and split the batch until the refused record stands alone; it is then dead-lettered.
        case isolate(WarehouseError)
        /// Roll back, wait and run the same batch again, on a new connection when the old one is gone.
        /// A refused statement (`slowly`) heals only when someone acts, so it waits on the long backoff.
        case retry(WarehouseError, reconnect: Bool, slowly: Bool)
        /// Give the batch up uncommitted; its records are read again.
        case abandon(any Error)
    }

    /// The one place where retry, reconnect, dead-letter and give-up are decided. `attempt` counts the
    /// retries of this batch so far; `bareDeadLetter` says the batch is one dead letter already stripped
    /// of its payload (`LoadWorker.isBareDeadLetter`), which splitting cannot help.
    func reaction(attempt: Int, bareDeadLetter: Bool) -> Reaction {
        switch self {
        case .fenced(let partition):
            return .reread(partition)
        case .warehouse(let error):
            // A unique violation is first taken for another worker's concurrent insert and retried.
            let concurrent = error.isConcurrentInsert && attempt < WarehouseError.concurrentInsertRetries
            if error.kind == .record, !concurrent, !bareDeadLetter { return .isolate(error) }
            return .retry(error, reconnect: error.kind == .connection, slowly: error.kind == .statement)
        case .unexpected(let error):
            return .abandon(error)
        }
    }

    /// A refused record may mean a product row was removed by hand, so the product cache is not
    /// trusted after one (whether the batch is then split or retried).
    var refusedARecord: Bool {
        if case .warehouse(let error) = self { error.kind == .record } else { false }
    }
}
