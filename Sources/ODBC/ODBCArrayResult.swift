import CODBC

/// What one `executeArray` call did: the rows the driver reported and one outcome per parameter set.
package struct ODBCArrayResult: Sendable, Hashable {
    /// Sum of `SQLRowCount` over the executions; -1 if any execution's count was unknown to the driver.
    package var rowCount: Int
    /// One per parameter set (row of the column arrays), in order.
    package var statuses: [ODBCParameterSetStatus]
    /// How many executions the call was split into to stay under its buffer budget; 0 for zero rows.
    package var executions: Int

    package init(rowCount: Int, statuses: [ODBCParameterSetStatus], executions: Int) {
        self.rowCount = rowCount
        self.statuses = statuses
        self.executions = executions
    }
}

/// The driver's outcome for one parameter set, as written to `SQL_ATTR_PARAM_STATUS_PTR`.
package enum ODBCParameterSetStatus: Sendable, Hashable {
    /// `SQL_PARAM_SUCCESS`.
    case success
    /// `SQL_PARAM_SUCCESS_WITH_INFO`: executed; the driver left a warning.
    case successWithInfo
    /// `SQL_PARAM_ERROR`.
    case error
    /// `SQL_PARAM_UNUSED`: never executed, e.g. because the driver stopped at an earlier error.
    case unused
    /// `SQL_PARAM_DIAG_UNAVAILABLE`: the driver ran the sets as one batch and cannot tell them apart.
    case diagnosticUnavailable

    /// Decodes a status array entry; a value outside `SQL_PARAM_*` reads as unused.
    init(raw: SQLUSMALLINT) {
        switch Int32(raw) {
        case SQL_PARAM_SUCCESS: self = .success
        case SQL_PARAM_SUCCESS_WITH_INFO: self = .successWithInfo
        case SQL_PARAM_ERROR: self = .error
        case SQL_PARAM_DIAG_UNAVAILABLE: self = .diagnosticUnavailable
        default: self = .unused
        }
    }
}
