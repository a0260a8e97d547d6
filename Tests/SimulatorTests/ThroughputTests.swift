#if canImport(Glibc)
    import Glibc
#endif
import Simulator
import Testing

@Suite("Throughput")
struct ThroughputTests {
    /// Prints the generation rate (meaningful in a release build: `swift test -c release`), by
    /// wall clock and by this thread's CPU time, which other load on the machine does not skew.
    /// Asserts only that the work was done, never on time.
    @Test(.timeLimit(.minutes(1))) func reportsGenerationRate() {
        let count = 200_000
        var configuration = SimulatorConfiguration(seed: 41, count: count)
        configuration.invalidRate = 0.001
        configuration.duplicateRate = 0.001
        var simulator = OrderSimulator(configuration: configuration)
        var bytes = 0
        let cpuBefore = threadCPUSeconds()
        let elapsed = ContinuousClock().measure {
            for _ in 0..<count { bytes += simulator.next().payload.count }
        }
        let cpu = threadCPUSeconds() - cpuBefore
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print(
            "simulator: \(count) messages, \(bytes / count) bytes each, "
                + "\(Int(Double(count) / wall)) messages/s wall, \(Int(Double(count) / cpu)) messages/s CPU")
        #expect(simulator.statistics.messages == count)
        #expect(bytes > count * 200)
    }

    private func threadCPUSeconds() -> Double {
        #if canImport(Glibc)
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
        #else
            return 0
        #endif
    }
}
