import Simulator
import StarSchema
import Testing

@Suite("Duplicates and keys")
struct DuplicateAndKeyTests {
    @Test func duplicatesResendAnEarlierMessageIdentically() {
        var configuration = SimulatorConfiguration(seed: 31, count: 20_000)
        configuration.duplicateRate = 0.05
        var simulator = OrderSimulator(configuration: configuration)
        var firstSeen: [String: SimulatedMessage] = [:]
        var repeats = 0
        for _ in 0..<20_000 {
            let message = simulator.next()
            guard let id = message.event?.orderID else { continue }
            if let earlier = firstSeen[id] {
                repeats += 1
                #expect(earlier == message)
            } else {
                firstSeen[id] = message
            }
        }
        #expect(repeats == simulator.statistics.duplicates)
        #expect((850...1_150).contains(repeats), "duplicates: \(repeats)")
    }

    @Test func keysAreCustomerIDsExceptForUnkeyedMessages() {
        var configuration = SimulatorConfiguration(seed: 32, count: 20_000)
        configuration.unkeyedRate = 0.1
        let messages = Generated.messages(configuration)
        let unkeyed = messages.filter { $0.key == nil }.count
        #expect((1_800...2_200).contains(unkeyed), "unkeyed: \(unkeyed)")
        for message in messages where message.key != nil {
            #expect(message.key == message.event.map { Array($0.customerID.utf8) })
        }
    }

    @Test func configurationProblemsAreNamed() {
        var configuration = SimulatorConfiguration(seed: 1, count: -1)
        configuration.customers = 0
        configuration.invalidRate = 1.5
        let problems = configuration.problems
        #expect(problems.count == 3)
        #expect(problems.contains { $0.contains("invalidRate") })
        #expect(SimulatorConfiguration(seed: 1, count: 10).problems.isEmpty)
        var simulator = OrderSimulator(configuration: configuration)
        #expect(simulator.next().invalidReason != nil, "bad values degrade, never trap")
    }
}
