import StarSchema

/// Spreads order times over the configured span: message k is placed at start + k × span / count,
/// plus jitter smaller than one step, so on-time orders never go backwards in time.
struct OrderClock: Sendable {
    private let startSeconds: Int64
    private let spanSeconds: Int64
    private let count: Int64
    /// Whole seconds between consecutive slots (at least 1, so there is room for jitter).
    private let step: Int
    /// Late orders are pushed back by one minute to three days.
    private static let lateness: ClosedRange<Int> = 60...(3 * 86_400)

    init(configuration: SimulatorConfiguration) {
        let micros = configuration.start.microseconds
        startSeconds = micros / 1_000_000 - (micros % 1_000_000 < 0 ? 1 : 0)
        spanSeconds = max(1, configuration.span.components.seconds)
        count = Int64(max(1, configuration.count))
        step = Int(max(1, spanSeconds / count))
    }

    /// The time of the order in slot `slot` (whole seconds, UTC).
    func time(slot: Int, using random: inout Xoshiro256StarStar) -> Int64 {
        let k = Int64(slot)
        let rounds = k / count
        let within = k % count
        // within < count, so within × span / count < span: the full-width product cannot
        // overflow the quotient. Slots past `count` continue beyond the span.
        let offset = count.dividingFullWidth(within.multipliedFullWidth(by: spanSeconds)).quotient
        let base = startSeconds &+ rounds &* spanSeconds &+ offset
        return base &+ Int64(random.below(step))
    }

    /// How far a late order's time is pushed back, in seconds.
    static func lateBy(using random: inout Xoshiro256StarStar) -> Int64 {
        Int64(random.inRange(lateness))
    }
}
