/// A parameter value bound to a statement.
///
/// Text covers every SQL type the pipeline writes (timestamps, decimals, dates are
/// passed in their SQL text form and cast by the server); integers are bound as
/// 64-bit so keys and counts never go through text.
package enum ODBCValue: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
}

extension ODBCValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    package init(stringLiteral value: String) { self = .text(value) }
    package init(integerLiteral value: Int64) { self = .integer(value) }
}
