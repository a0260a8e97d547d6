import Foundation

/// Zero-based or not, linear; ticks at 1, 2 or 5 × 10ⁿ so that about `tickCount` of them fit.
package struct LinearScale: Scale {
    package let domain: ClosedRange<Double>
    package let range: ClosedRange<Double>
    package let ticks: [Double]
    /// Whether `range` runs upwards on screen (y axes: larger values nearer the top).
    private let inverted: Bool

    /// The domain is widened to the last tick, so the top bar never touches the frame.
    package init(maximum: Double, range: ClosedRange<Double>, inverted: Bool = false, tickCount: Int = 5) {
        let step = Self.niceStep(max(maximum, 1) / Double(max(1, tickCount)))
        let top = (max(maximum, 1) / step).rounded(.up) * step
        domain = 0...top
        self.range = range
        self.inverted = inverted
        ticks = stride(from: 0, through: top + step / 2, by: step).map { $0 }
    }

    package func position(_ value: Double) -> Double {
        let fraction = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        let clamped = min(1, max(0, fraction))
        return inverted
            ? range.upperBound - clamped * (range.upperBound - range.lowerBound)
            : range.lowerBound + clamped * (range.upperBound - range.lowerBound)
    }

    static func niceStep(_ rough: Double) -> Double {
        let power = pow(10, (log10(rough)).rounded(.down))
        let fraction = rough / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }
}
