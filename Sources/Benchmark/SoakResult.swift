import Daemon

/// `starsink bench --soak-minutes N`: the daemon loading a steady rate into PostgreSQL for N minutes,
/// sampled after the first minute (the warm-up) and at the end, to show whether its memory and file
/// descriptors stay flat and its latency holds.
package struct SoakResult: Sendable {
    package struct Sample: Sendable {
        package var minute: Int
        package var residentBytes: Int
        package var openFileDescriptors: Int
        /// Produce→commit in ms of the records whose commit was seen in the minute before the sample.
        package var latencyP50: Int
        package var latencyP99: Int
        package var latencyCount: Int
        /// Messages committed (the offsets table's sum); every soak message is a distinct valid order.
        package var ordersLoaded: Int
        /// Acknowledged by Kafka, not yet committed.
        package var lag: Int
    }

    package var rate: Int
    package var minutes: Int
    package var workers: Int
    package var start: Sample
    package var end: Sample
    /// Between the two samples.
    package var daemonCPUSecondsPer100k: Double
    package var postgresCPUSecondsPer100k: Double?
    package var peakResidentBytes: Int
    package var verified: Bool

    /// RSS at the end within 10 % of the first minute's.
    package var residentFlat: Bool { abs(end.residentBytes - start.residentBytes) * 10 <= start.residentBytes }
    /// Open descriptors at the end within 2 of the first minute's.
    package var descriptorsFlat: Bool { abs(end.openFileDescriptors - start.openFileDescriptors) <= 2 }
    /// At most 5 s of orders waiting at the end. A daemon that falls behind takes full batches, and
    /// its RSS follows the batch size (README: about 2.4 KB per record in flight), so RSS is only
    /// evidence about leaks while the rate is held.
    package var keptUp: Bool { end.lag <= rate * 5 }
}

extension SoakResult.Sample {
    init(
        minute: Int, residentBytes: Int, openFileDescriptors: Int, latency: LatencyHistogram, ordersLoaded: Int,
        lag: Int
    ) {
        self.init(
            minute: minute, residentBytes: residentBytes, openFileDescriptors: openFileDescriptors,
            latencyP50: latency.percentile(0.5), latencyP99: latency.percentile(0.99), latencyCount: latency.count,
            ordersLoaded: ordersLoaded, lag: lag)
    }
}
