import StarSchema

/// What the order simulator generates: how big the shop is, when orders happen, and how often
/// the awkward cases (moves, re-categorisations, late, duplicate, invalid, unkeyed) occur.
///
/// Out-of-range values never trap: sizes below 1 act as 1 and probabilities are clamped by how
/// they are used. `problems` lists them for a command line that wants to refuse them.
package struct SimulatorConfiguration: Sendable {
    package var seed: UInt64
    package var customers: Int = 20_000
    package var products: Int = 2_000
    /// The first order's time.
    package var start: Timestamp = SimulatorConfiguration.defaultStart
    /// Orders are spread evenly, with jitter, over this span.
    package var span: Duration = .seconds(330 * 86_400)
    /// How many orders will be generated; only used to spread the timestamps over `span`.
    package var count: Int
    /// Probability per order that its customer moves to another region first (SCD Type 2).
    package var regionMoveRate: Double = 0.002
    /// Probability per order that its product changes category first (SCD Type 3).
    package var recategoriseRate: Double = 0.0005
    /// Probability that an order's timestamp is pushed back by up to three days.
    package var lateRate: Double = 0.001
    /// Probability that a message re-sends an earlier one identically.
    package var duplicateRate: Double = 0
    /// Probability of a deliberately invalid message (the classes rotate).
    package var invalidRate: Double = 0
    /// Probability that a message has no key.
    package var unkeyedRate: Double = 0

    /// 2026-01-01T00:00:00Z
    package static let defaultStart = Timestamp(
        date: CalendarDate(year: 2026, month: 1, day: 1), hour: 0, minute: 0, second: 0)

    package init(seed: UInt64, count: Int) {
        self.seed = seed
        self.count = count
    }

    /// Every value a user would not mean, each described in words; empty when all are sensible.
    package var problems: [String] {
        var problems: [String] = []
        if customers < 1 { problems.append("customers must be at least 1 (got \(customers))") }
        if products < 1 { problems.append("products must be at least 1 (got \(products))") }
        if count < 0 { problems.append("count must not be negative (got \(count))") }
        if span < .seconds(1) { problems.append("span must be at least one second") }
        let rates = [
            ("regionMoveRate", regionMoveRate), ("recategoriseRate", recategoriseRate),
            ("lateRate", lateRate), ("duplicateRate", duplicateRate),
            ("invalidRate", invalidRate), ("unkeyedRate", unkeyedRate),
        ]
        for (name, rate) in rates where !(0...1).contains(rate) {
            problems.append("\(name) must be between 0 and 1 (got \(rate))")
        }
        return problems
    }
}
