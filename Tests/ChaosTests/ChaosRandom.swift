import Foundation
import Simulator
import TestSupport

/// The randomness of one chaos scenario (when a fault lands, the order of a corpus), drawn from a seed
/// that is printed when the scenario starts, so a failing run can be replayed:
/// `STARSINK_CHAOS_SEED=<seed> swift test --filter <scenario>` draws the same values again. Process
/// timing still varies between runs; the faults' moments relative to the test's own steps do not.
struct ChaosRandom {
    let seed: UInt64
    private var generator: Xoshiro256StarStar

    /// Seeds from `STARSINK_CHAOS_SEED` when it is set, else from the system's generator, and prints the
    /// seed with the scenario's name. Throws when the variable is set but is not a UInt64.
    init(_ scenario: String = #function, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let text = environment["STARSINK_CHAOS_SEED"], !text.isEmpty {
            guard let seed = UInt64(text) else {
                throw TestFailure("STARSINK_CHAOS_SEED must be an unsigned 64-bit integer, not '\(text)'")
            }
            self.seed = seed
        } else {
            seed = UInt64.random(in: .min ... .max)
        }
        generator = Xoshiro256StarStar(seed: seed)
        print("chaos seed \(seed) for \(scenario) (replay: STARSINK_CHAOS_SEED=\(seed))")
    }

    /// A value in `range`, both ends included.
    mutating func inRange(_ range: ClosedRange<Int>) -> Int { generator.inRange(range) }

    /// A pause of a drawn length, for fault timing (not synchronisation: when a fault lands is what is
    /// being varied).
    mutating func pause(milliseconds range: ClosedRange<Int>) {
        Thread.sleep(forTimeInterval: Double(inRange(range)) / 1000)
    }

    /// Fisher–Yates with this generator's draws (not the standard library's `shuffle`, whose algorithm may
    /// change between toolchains).
    mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(index, generator.below(index + 1))
        }
    }
}
