/// What a simulator has produced so far, by kind; for summaries and for tests of the rates.
package struct SimulatorStatistics: Sendable, Hashable {
    /// Every message returned by `next()`.
    package var messages = 0
    /// Messages carrying a new valid order (duplicates excluded).
    package var validOrders = 0
    package var duplicates = 0
    package var invalid = 0
    package var unkeyed = 0
    package var lateOrders = 0
    package var regionMoves = 0
    package var recategorisations = 0

    package init() {}
}
