import Foundation

/// Logarithmic, for values that span orders of magnitude (prices from 2 to 2,000; quantities from
/// 1 to thousands); ticks at 1, 2 and 5 × 10ⁿ inside the domain.
package struct LogScale: Scale {
    package let domain: ClosedRange<Double>
    package let range: ClosedRange<Double>
    package let ticks: [Double]
    private let inverted: Bool

    /// The domain runs from the 1, 2 or 5 × 10ⁿ at or below `minimum` to the one at or above `maximum`.
    package init(minimum: Double, maximum: Double, range: ClosedRange<Double>, inverted: Bool = false) {
        let steps = Self.steps(around: max(minimum, 0.01), maximum: max(maximum, minimum * 2, 0.02))
        let low = steps.last { $0 <= max(minimum, 0.01) * 1.0001 } ?? steps[0]
        let high = steps.first { $0 >= maximum * 0.9999 && $0 > low } ?? steps[steps.count - 1]
        domain = low...high
        self.range = range
        self.inverted = inverted
        ticks = steps.filter { $0 >= low && $0 <= high }
    }

    /// 1, 2, 5, 10, 20, 50… from the decade below `minimum` to the decade above `maximum`.
    private static func steps(around minimum: Double, maximum: Double) -> [Double] {
        var steps: [Double] = []
        var decade = pow(10, log10(minimum).rounded(.down))
        let last = pow(10, log10(maximum).rounded(.up))
        while decade <= last * 1.0001 {
            steps += [decade, decade * 2, decade * 5]
            decade *= 10
        }
        return steps
    }

    package func position(_ value: Double) -> Double {
        let clamped = min(domain.upperBound, max(domain.lowerBound, value))
        let fraction =
            (log10(clamped) - log10(domain.lowerBound)) / (log10(domain.upperBound) - log10(domain.lowerBound))
        return inverted
            ? range.upperBound - fraction * (range.upperBound - range.lowerBound)
            : range.lowerBound + fraction * (range.upperBound - range.lowerBound)
    }
}
