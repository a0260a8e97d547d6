/// The names `/metrics` exports (README "Metrics and health", deploy/grafana/starsink.json). Histograms
/// export `_bucket`, `_sum` and `_count` series under their name.
package enum MetricName {
    package static let ordersLoaded = "starsink_orders_loaded_total"
    package static let deadLetters = "starsink_dead_letters_total"
    package static let duplicatesSkipped = "starsink_duplicates_skipped_total"
    package static let batches = "starsink_batches_total"
    package static let batchDuration = "starsink_batch_duration_seconds"
    package static let produceToCommit = "starsink_produce_to_commit_seconds"
    /// The median and 99th percentile of both since start, from the daemon's own 5 %-wide histograms
    /// (label `quantile`: `0.5`, `0.99`), finer than the Prometheus buckets (the benchmark reads them).
    package static let batchDurationQuantile = "starsink_batch_duration_quantile_seconds"
    package static let produceToCommitQuantile = "starsink_produce_to_commit_quantile_seconds"
    package static let lag = "starsink_lag_messages"
    package static let warehouseErrors = "starsink_warehouse_errors_total"
    package static let warehouseRetries = "starsink_warehouse_retries_total"
    package static let fences = "starsink_fences_total"
    package static let rebalances = "starsink_rebalances_total"
    package static let retentionGaps = "starsink_retention_gaps_total"
    package static let workers = "starsink_workers"
    package static let stalledWorkers = "starsink_workers_stalled"
    package static let ready = "starsink_ready"
    /// The name every Prometheus client library's process collector uses, so stock dashboards find it.
    package static let residentMemory = "process_resident_memory_bytes"

    package static let histograms = [batchDuration, produceToCommit]
    package static let all = [
        ordersLoaded, deadLetters, duplicatesSkipped, batches, batchDuration, produceToCommit, lag, warehouseErrors,
        warehouseRetries, fences, rebalances, retentionGaps, workers, stalledWorkers, ready, residentMemory,
        batchDurationQuantile, produceToCommitQuantile,
    ]
}
