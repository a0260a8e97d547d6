import Logging

/// What a reload changes, worked out from the configuration in force and the one just read.
///
/// The log level, batch limits and metrics listener apply while the workers run on; a change to
/// Kafka, the warehouse, the worker count or the dimension policy needs the workers drained and
/// started again. Pure, so the lifecycle's transitions can decide on it without a process.
package struct ReloadPlan: Sendable, Equatable {
    package let previous: Configuration
    package let next: Configuration

    package init(previous: Configuration, next: Configuration) {
        self.previous = previous
        self.next = next
    }

    /// The new level, when it differs.
    package var logLevel: Logger.Level? { next.log.level != previous.log.level ? next.log.level : nil }

    package var changesBatchLimits: Bool { next.pipeline != previous.pipeline }

    package var movesMetricsListener: Bool { next.metrics != previous.metrics }

    /// The workers must be drained and replaced: their consumers and connections were made from these.
    package var restartsWorkers: Bool {
        next.kafka != previous.kafka || next.warehouse != previous.warehouse
            || next.pipeline.workers != previous.pipeline.workers || next.dimensions != previous.dimensions
    }

    /// The new workers wait until the new warehouse answers and its schema is applied or checked.
    package var changesWarehouse: Bool { next.warehouse != previous.warehouse }

    /// The `config.changes` of the "configuration reloaded" line, in the order they are applied.
    package var changes: [String] {
        var changes: [String] = []
        if let logLevel { changes.append("log.level=\(logLevel)") }
        if changesBatchLimits { changes.append("batch limits") }
        if movesMetricsListener { changes.append("metrics.listen=\(next.metrics.listen?.description ?? "off")") }
        if restartsWorkers { changes.append("workers restarted") }
        return changes
    }
}
