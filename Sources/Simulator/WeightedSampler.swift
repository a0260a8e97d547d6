/// Draws indexes with fixed integer weights: a cumulative table, entered through a guide table.
///
/// Integer weights keep the draw identical on every platform (no `pow`, whose last bit
/// differs between C libraries). The guide table only says where to start looking; the answer
/// is always the unique index whose cumulative range holds the target, so it cannot change it.
struct WeightedSampler: Sendable {
    private let cumulative: [UInt64]
    /// guide[j]: the first index whose cumulative weight exceeds j/guide.count of the total.
    private let guide: [Int32]

    init(weights: [UInt64]) {
        var running: UInt64 = 0
        let cumulative = weights.map { weight in
            running &+= weight
            return running
        }
        let total = running
        let buckets = UInt64(max(1, cumulative.count))
        var guide: [Int32] = []
        guide.reserveCapacity(Int(buckets))
        var index = 0
        for bucket in 0..<buckets {
            let floor = buckets.dividingFullWidth(bucket.multipliedFullWidth(by: total)).quotient
            while index < cumulative.count - 1, cumulative[index] <= floor { index += 1 }
            guide.append(Int32(index))
        }
        self.cumulative = cumulative
        self.guide = guide
    }

    /// Zipf–Mandelbrot popularity: rank r (0-based) has weight 1 / (r + 1 + flattening).
    /// `flattening` softens the very top so that the head is a few hundred regulars rather than
    /// one customer with a tenth of all orders.
    static func zipfMandelbrot(count: Int, flattening: UInt64) -> WeightedSampler {
        let scale: UInt64 = 1 << 40
        let weights = (0..<max(1, count)).map { rank in scale / (UInt64(rank) + 1 + flattening) }
        return WeightedSampler(weights: weights)
    }

    var count: Int { cumulative.count }

    /// An index in `0..<count`, chosen with probability proportional to its weight.
    func sample(using random: inout Xoshiro256StarStar) -> Int {
        guard let total = cumulative.last, total > 0 else { return 0 }
        let draw = random.next()
        let target = draw.multipliedFullWidth(by: total).high
        var index = Int(guide[Int(draw.multipliedFullWidth(by: UInt64(guide.count)).high)])
        while index < cumulative.count - 1, cumulative[index] <= target { index += 1 }
        while index > 0, cumulative[index - 1] > target { index -= 1 }
        return index
    }
}
