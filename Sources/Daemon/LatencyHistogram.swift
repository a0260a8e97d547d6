import Foundation

/// Millisecond latencies in logarithmic buckets (about 5% wide): constant memory however many
/// samples, percentiles within a bucket's width. Enough for p50/p99 in STATUS, logs and the benchmark.
package struct LatencyHistogram: Sendable, Equatable {
    /// Bucket i holds values in [1.05^i, 1.05^(i+1)) ms; bucket 0 also holds 0 ms. 400 buckets reach ~5 hours.
    private var buckets = [Int](repeating: 0, count: 400)
    package private(set) var count = 0
    package private(set) var maximum = 0

    package init() {}

    package mutating func record(milliseconds: Int64) {
        let value = max(0, milliseconds)
        let index = value <= 1 ? 0 : min(buckets.count - 1, Int((log(Double(value)) / log(1.05)).rounded(.down)))
        buckets[index] += 1
        count += 1
        maximum = max(maximum, Int(value))
    }

    package mutating func merge(_ other: LatencyHistogram) {
        for index in buckets.indices { buckets[index] += other.buckets[index] }
        count += other.count
        maximum = max(maximum, other.maximum)
    }

    /// The value at quantile `q` (0…1), as the upper edge of its bucket, capped at the maximum seen.
    package func percentile(_ q: Double) -> Int {
        guard count > 0 else { return 0 }
        let rank = Int((Double(count) * q).rounded(.up))
        var seen = 0
        for (index, bucketCount) in buckets.enumerated() {
            seen += bucketCount
            if seen >= max(rank, 1) {
                return min(maximum, Int(pow(1.05, Double(index + 1)).rounded(.up)))
            }
        }
        return maximum
    }
}
