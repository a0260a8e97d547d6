/// xoshiro256** (Blackman & Vigna), seeded through SplitMix64.
///
/// The simulator's only source of randomness, and the chaos tests' (seeded, so a run can be
/// replayed). It deliberately does not conform to `RandomNumberGenerator`: the standard library's
/// `random(in:)` and `shuffled()` may change their algorithms between Swift releases, and the
/// simulator promises the same sequence for the same seed on every platform and toolchain. Every
/// draw below is integer arithmetic, or an exact conversion of 53 random bits to a `Double`.
package struct Xoshiro256StarStar: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    package init(seed: UInt64) {
        var splitMix = seed
        s0 = SplitMix64.next(&splitMix)
        s1 = SplitMix64.next(&splitMix)
        s2 = SplitMix64.next(&splitMix)
        s3 = SplitMix64.next(&splitMix)
        // SplitMix64 never yields four zero words in a row, but the all-zero state would be a
        // fixed point, so guard anyway.
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    package mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A value in `0..<bound` (Lemire's multiply-high; the bias is below 2^-40 for our bounds).
    /// Returns 0 when `bound` is not positive, so bad sizes never trap.
    package mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A value in `range`, both ends included.
    package mutating func inRange(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `probability` (values ≤ 0 never, ≥ 1 always).
    package mutating func chance(_ probability: Double) -> Bool {
        // 53 random bits scaled by 2^-53 is exact, so the comparison is platform-independent.
        Double(next() >> 11) * 0x1p-53 < probability
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
