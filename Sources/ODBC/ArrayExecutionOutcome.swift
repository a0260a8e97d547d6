import CODBC

/// What one array execution did to each of its parameter sets, decided from what the driver
/// wrote back: the status array, the processed count, the return code, diagnostic row numbers.
///
/// Pure, so the rules are tested without a driver. Drivers differ (measured, see
/// `ODBCStatement.executeArray`): psqlODBC fills the status array; the SQLite3 ODBC driver never
/// touches it and counts in `SQL_ATTR_PARAMS_PROCESSED_PTR` only the sets that succeeded.
struct ArrayExecutionOutcome: Equatable {
    /// Pre-filled into every status entry before execution: not a `SQL_PARAM_*` value, so an
    /// entry still holding it was never written by the driver.
    static let unwritten = SQLUSMALLINT.max

    /// One per parameter set of the execution.
    var statuses: [ODBCParameterSetStatus]
    /// The sets that failed, 0-based within the execution, ascending.
    var failedSets: [Int]
    /// True if the execution must be reported as an error: the driver failed it, or it
    /// succeeded overall but flagged some sets `SQL_PARAM_ERROR` (a driver that went on).
    var isFailure: Bool

    /// - Parameters:
    ///   - succeeded: the execute call returned `SQL_SUCCESS`, `SQL_SUCCESS_WITH_INFO` or `SQL_NO_DATA`.
    ///   - processedExcludesFailedSet: the driver counts only the sets that succeeded as processed
    ///     and stops at the first failure (SQLite3 ODBC), so the set at index `processed` failed.
    ///   - reportedSets: sets named by error records' `SQL_DIAG_ROW_NUMBER`, 0-based within the execution.
    init(raw: [SQLUSMALLINT], processed: Int, succeeded: Bool, processedExcludesFailedSet: Bool, reportedSets: [Int]) {
        let count = raw.count
        let processed = min(max(processed, 0), count)
        let reported = reportedSets.filter { (0..<count).contains($0) }
        if raw.contains(where: { $0 != Self.unwritten }) {
            let statuses = raw.map { $0 == Self.unwritten ? .unused : ODBCParameterSetStatus(raw: $0) }
            self.statuses = statuses
            failedSets = Set(statuses.indices.filter { statuses[$0] == .error } + reported).sorted()
        } else if succeeded {
            // SQL_SUCCESS for the execution means every processed set succeeded.
            statuses = (0..<count).map { $0 < processed ? .success : .unused }
            failedSets = []
        } else if processedExcludesFailedSet, processed < count {
            statuses = (0..<count).map { $0 < processed ? .success : $0 == processed ? .error : .unused }
            failedSets = [processed]
        } else {
            // No statuses and no known counting rule: only the records can name failed sets; the
            // other processed sets' outcome is unknown.
            var statuses = (0..<count).map { $0 < processed ? ODBCParameterSetStatus.diagnosticUnavailable : .unused }
            for set in reported { statuses[set] = .error }
            self.statuses = statuses
            failedSets = Set(reported).sorted()
        }
        isFailure = !succeeded || !failedSets.isEmpty
    }
}
