extension WarehouseError {
    /// How often a batch is retried after a unique violation before its rows are suspected instead.
    static let concurrentInsertRetries = 8

    /// A unique violation (SQLSTATE 23505): every insert of a batch is guarded (facts are looked up
    /// first, customers are locked, products and dates use ON CONFLICT), so this means another
    /// worker committed the same row since this batch read the warehouse: two workers creating the
    /// same new customer, or the same order arriving on two partitions. Retrying re-reads and
    /// finds the other worker's rows. Only if it persists is a record suspected and isolated.
    var isConcurrentInsert: Bool { sqlstate == "23505" }
}
