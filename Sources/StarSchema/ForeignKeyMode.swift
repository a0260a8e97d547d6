/// Whether the warehouse enforces the fact table's foreign keys.
package enum ForeignKeyMode: String, Sendable, CaseIterable {
    /// Declared and checked by the server at commit (deferred), costing a lookup per fact row.
    case enforced
    /// Documented in comments only; starsink's own transaction keeps them true.
    case informational
}
