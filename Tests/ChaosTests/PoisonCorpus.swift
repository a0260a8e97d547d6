import Foundation
import Kafka
import Logging
import Simulator
import StarSchema
import TestSupport

/// The messages of the poison scenario, in the order they go to partition 0 (so a message's
/// index is its offset), with what each must become.
struct PoisonCorpus {
    struct Poison {
        var what: String
        var code: String
    }

    /// An awkward but valid order from `Tests/Fixtures/chaos/awkward-orders.jsonl`.
    struct Awkward {
        var what: String
        var orderID: String
        /// Column → the text PostgreSQL must return for it.
        var stored: [String: String]
    }

    var payloads: [[UInt8]] = []
    var poison: [Int64: Poison] = [:]
    var awkward: [Awkward] = []
    var expected = ExpectedLoad(SimulatorConfiguration(seed: 0, count: 0))

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "Fixtures")
    }

    /// Valid simulator orders with every poison class and awkward order spread evenly among them, in an
    /// order drawn from `random`.
    static func build(validOrders: Int, random: inout ChaosRandom) throws -> PoisonCorpus {
        var special: [(payload: [UInt8], poison: Poison?, awkward: Awkward?)] = []
        for (payload, poison) in try invalidMessages() { special.append((payload, poison, nil)) }
        for (payload, awkward) in try awkwardOrders() { special.append((payload, nil, awkward)) }
        random.shuffle(&special)

        var corpus = PoisonCorpus()
        var simulator = OrderSimulator(configuration: SimulatorConfiguration(seed: 505, count: validOrders))
        let every = max(1, validOrders / max(1, special.count))
        var remaining = special[...]
        for index in 0..<validOrders {
            corpus.append(simulator.next().payload)
            if (index + 1).isMultiple(of: every), let next = remaining.popFirst() { corpus.add(next) }
        }
        while let next = remaining.popFirst() { corpus.add(next) }
        return corpus
    }

    private mutating func add(_ special: (payload: [UInt8], poison: Poison?, awkward: Awkward?)) {
        let offset = Int64(payloads.count)
        append(special.payload)
        if let poison = special.poison { self.poison[offset] = poison }
        if let awkward = special.awkward { self.awkward.append(awkward) }
    }

    private mutating func append(_ payload: [UInt8]) {
        payloads.append(payload)
        expected.messages += 1
        switch OrderEventDecoder.decode(payload) {
        case .success(let event) where expected.validOrders[event.orderID] == nil:
            expected.validOrders[event.orderID] = event
        case .success: break
        case .failure: expected.invalidMessages += 1
        }
    }

    /// Every simulator class (each missing field separately), the decoder's fixture files, and
    /// the awkward extremes: plain text, a megabyte, an escaped NUL.
    private static func invalidMessages() throws -> [([UInt8], Poison)] {
        var simulator = OrderSimulator(configuration: SimulatorConfiguration(seed: 506, count: 100))
        var result: [([UInt8], Poison)] = []
        for kind in InvalidMessageClass.allCases {
            let variants = kind == .missingField ? InvalidMessageClass.fields.count : 1
            for variant in 0..<variants {
                guard let event = simulator.next().event else { continue }
                result.append(
                    (
                        kind.payload(for: event, variant: variant),
                        Poison(what: "\(kind.rawValue) #\(variant)", code: kind.expectedRejection.rawValue)
                    ))
            }
        }
        let directory = fixtures.appendingPathComponent("events/invalid")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        where name.hasSuffix(".json") {
            let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
            // `<rejection_code>--<description>.json`
            result.append((bytes, Poison(what: name, code: String(name.prefix { $0 != "-" }))))
        }
        let order =
            #"{"order_id":"NUL-1","order_timestamp":"2026-02-01T10:00:00Z","customer_id":"C","customer_name":"A\u0000B","customer_region":"R","product_id":"P","product_name":"N","category":"K","price":1.00,"quantity":1}"#
        result.append((Array(order.utf8), Poison(what: "escaped NUL in a name", code: "forbidden_character")))
        result.append((Array("this is not JSON at all".utf8), Poison(what: "plain text", code: "invalid_json")))
        result.append(([], Poison(what: "empty message", code: "empty_message")))
        result.append(
            (
                [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20),
                Poison(what: "1 MiB message", code: "message_too_large")
            ))
        return result
    }

    private static func awkwardOrders() throws -> [([UInt8], Awkward)] {
        let text = try String(
            contentsOf: fixtures.appendingPathComponent("chaos/awkward-orders.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let what = object["what"] as? String, let payload = object["payload"] as? String,
                let stored = object["stored"] as? [String: String],
                let id = (try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])?["order_id"]
                    as? String
            else { throw TestFailure("bad line in awkward-orders.jsonl: \(line.prefix(80))") }
            return (Array(payload.utf8), Awkward(what: what, orderID: id, stored: stored))
        }
    }

    /// Produces every payload to partition 0 of `orders`, in order, and waits until all are delivered.
    func send(to brokers: String) throws {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                brokers: brokers,
                properties: [
                    "message.max.bytes": "4000000", "enable.idempotence": "true", "linger.ms": "5",
                ]),
            logger: Logger(label: "poison-producer"))
        for payload in payloads {
            try producer.send(topic: "orders", partition: 0, key: nil, value: payload)
        }
        try producer.flush(timeoutMilliseconds: 60_000)
        guard producer.deliveryFailures == 0 else {
            throw TestFailure("\(producer.deliveryFailures) poison messages not delivered")
        }
    }
}
