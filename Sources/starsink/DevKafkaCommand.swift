import ArgumentParser
import Daemon
import Foundation
import Glibc
import Kafka
import Logging

struct DevKafka: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-kafka",
        abstract: "A local Kafka-protocol cluster (librdkafka's mock cluster) for development and tests.",
        discussion: """
            Prints the bootstrap servers as the first line on stdout and runs until SIGTERM or SIGINT.
            Control lines on stdin, for fault-injection tests:
              down BROKER|all      take a broker (or every broker) down
              up BROKER|all        bring it (or every broker) back
              rtt BROKER MS        add round-trip latency
              errors APIKEY CODE…  fail the next requests of that API with these Kafka error codes
                                   (e.g. errors 1 6 7: the next two Fetch requests fail with
                                   NOT_LEADER_OR_FOLLOWER, then REQUEST_TIMED_OUT)
              brokers              list the broker ids
            Each control line is answered with "ok …" or "error …" on stdout.
            """)

    @Option(name: .long, help: "Number of brokers.")
    var brokers: Int = 3

    @Option(name: .long, help: "Partitions per topic.")
    var partitions: Int32 = 12

    @Option(name: .long, help: "A topic to create (repeatable; default: orders and orders.dlq).")
    var topic: [String] = []

    func validate() throws {
        guard (1...16).contains(brokers) else { throw ValidationError("--brokers must be from 1 to 16") }
        guard (1...1000).contains(partitions) else { throw ValidationError("--partitions must be from 1 to 1000") }
    }

    func run() throws {
        let logger = CommandLogging.bootstrap(level: .warning, destination: .stderr)
        let cluster: KafkaMockCluster
        do {
            cluster = try KafkaMockCluster(brokers: brokers, logger: logger)
            for name in topic.isEmpty ? ["orders", "orders.dlq"] : topic {
                try cluster.createTopic(name, partitions: partitions)
            }
        } catch {
            printError("dev-kafka failed: \(error)")
            throw ExitStatus.runtimeFailure
        }
        printOut(cluster.bootstrapServers)

        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let stop = DispatchSemaphore(value: 0)
        let queue = DispatchQueue(label: "dev-kafka.signals")
        let sources = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        let control = Thread {
            while let line = readLine() {
                printOut(DevKafkaControl.apply(line, to: cluster))
            }
        }
        control.start()
        // The cluster lives until the stop signal: its brokers die with the object.
        withExtendedLifetime((cluster, sources)) { stop.wait() }
    }
}

/// The stdin control language of `dev-kafka`, for tests that inject broker faults.
enum DevKafkaControl {
    static func apply(_ line: String, to cluster: KafkaMockCluster) -> String {
        let words = line.split(separator: " ").map(String.init)
        guard let verb = words.first else { return "error empty command" }
        do {
            switch verb {
            case "down", "up":
                guard words.count == 2 else { return "error usage: \(verb) BROKER|all" }
                let targets: [Int32]
                if words[1] == "all" {
                    targets = cluster.brokerIDs
                } else if let broker = Int32(words[1]), cluster.brokerIDs.contains(broker) {
                    targets = [broker]
                } else {
                    return
                        "error no broker \(words[1]); brokers are \(cluster.brokerIDs.map(String.init).joined(separator: " "))"
                }
                for broker in targets { try cluster.setBroker(broker, up: verb == "up") }
                return "ok \(verb) \(words[1])"
            case "rtt":
                guard words.count == 3, let broker = Int32(words[1]), let milliseconds = Int32(words[2]) else {
                    return "error usage: rtt BROKER MS"
                }
                try cluster.setRoundTripTime(broker: broker, milliseconds: milliseconds)
                return "ok rtt \(broker) \(milliseconds)"
            case "errors":
                guard words.count >= 3, let apiKey = Int16(words[1]) else {
                    return "error usage: errors APIKEY CODE..."
                }
                let codes = words.dropFirst(2).compactMap { Int32($0) }
                guard codes.count == words.count - 2 else { return "error codes must be integers" }
                guard apiKey >= 0 else { return "error APIKEY must not be negative" }
                cluster.pushRequestErrors(apiKey: apiKey, errorCodes: codes)
                return "ok errors \(apiKey) \(codes.count)"
            case "brokers":
                return "ok brokers \(cluster.brokerIDs.map(String.init).joined(separator: " "))"
            default:
                return "error unknown command \(verb)"
            }
        } catch {
            return "error \(error)"
        }
    }
}
