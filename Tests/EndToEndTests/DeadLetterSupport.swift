import Foundation
import ODBC
import Simulator
import StarSchema
import Testing
import TestSupport

/// Reading STARSINK_REJECTED and running `starsink dead-letters` for the dead-letter tests.
extension PipelineFixture {
    /// `starsink dead-letters …` with this fixture's configuration; fails the test on a non-zero exit.
    ///
    /// Run through `Command` (output to files), not `ChildProcess.run`: its pipe readers lost the end of
    /// a ~80 KB `list --format json` here, and these outputs must be compared whole.
    func deadLetters(_ arguments: [String]) throws -> String {
        let result = try Command.run(
            [ChildProcess.starsinkPath, "dead-letters"] + arguments + ["--config", configPath])
        guard result.status == 0 else {
            throw TestFailure(
                "dead-letters \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// Every dead letter as the table holds it, in position order: [topic, partition, offset, rejected_at,
    /// error_code, error_detail, payload_encoding, payload].
    func rejectedRows(_ connection: ODBCConnection) throws -> [[String]] {
        try connection.query(
            """
            SELECT topic, kafka_partition, kafka_offset, rejected_at, error_code, error_detail, payload_encoding, payload
            FROM \(table("starsink_rejected")) ORDER BY topic, kafka_partition, kafka_offset
            """
        ).map { $0.map { $0 ?? "NULL" } }
    }

    func rejectedCount(_ connection: ODBCConnection, code: String) throws -> Int {
        let rows = try connection.query(
            "SELECT COUNT(*) FROM \(table("starsink_rejected")) WHERE error_code = ?", [.text(code)])
        return Int(rows.first?.first.flatMap { $0 } ?? "") ?? -1
    }

    /// The stored offsets, all columns, for checking a replay never touches them.
    func offsetRows(_ connection: ODBCConnection) throws -> [[String?]] {
        try connection.query(
            "SELECT * FROM \(table("starsink_offsets")) ORDER BY consumer_group, topic, kafka_partition")
    }

    func factRows(_ connection: ODBCConnection) throws -> [[String?]] {
        try connection.query("SELECT * FROM \(table("fact_orders")) ORDER BY order_id")
    }
}

/// What the dead-letter tests send and expect.
struct DeadLetterScenario {
    var orders: SimulatorConfiguration
    var messages: [SimulatedMessage]
    /// Orders whose total is at least this many cents are refused by the narrowed warehouse.
    var limitCents: Int64
    /// Messages (copies included) the narrowed warehouse refuses.
    var refused: Int
    /// Distinct order ids among them.
    var refusedOrders: Int

    /// Simulated orders with invalid messages and re-sends, and the lowest power of ten of cents that
    /// a small share of them (0.5–10 %) reaches: the warehouse is narrowed to refuse exactly those.
    init(seed: UInt64, count: Int) throws {
        orders = SimulatorConfiguration(seed: seed, count: count)
        orders.invalidRate = 0.03
        orders.duplicateRate = 0.02
        var simulator = OrderSimulator(configuration: orders)
        messages = (0..<count).map { _ in simulator.next() }
        let totals = messages.compactMap { $0.event.map { $0.price.cents * $0.quantity } }
        guard
            let power = (4...12).first(where: { p in
                let share = Double(totals.filter { $0 >= Int64(pow(10, Double(p))) }.count) / Double(totals.count)
                return share >= 0.005 && share <= 0.1
            })
        else { throw TestFailure("no power of ten refuses a useful share of the simulated orders") }
        let limit = Int64(pow(10, Double(power)))
        limitCents = limit
        let big = messages.compactMap(\.event).filter { $0.price.cents * $0.quantity >= limit }
        refused = big.count
        refusedOrders = Set(big.map(\.orderID)).count
    }

    /// NUMERIC(p,2) holds totals below 10^p cents.
    var precision: Int { String(limitCents).count - 1 }

    /// Dead letters no fix of the warehouse heals: invalid messages and conflicting re-sends.
    var invalid: Int { ExpectedLoad(orders).rejected }
}

/// Runs a test body off Swift's cooperative pool (it starts processes and polls).
func blocking(_ body: @escaping @Sendable () throws -> Void) async throws {
    try await offThePool(body)
}

/// The JSON `dead-letters list --format json` printed, as objects.
func jsonObjects(_ text: String) throws -> [[String: Any]] {
    guard let objects = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] else {
        throw TestFailure(
            "not a JSON array of objects (\(text.utf8.count) bytes): \(text.prefix(300)) … \(text.suffix(300))")
    }
    return objects
}

/// Whether a listed or shown object carries exactly the stored row's values.
func matches(_ object: [String: Any], _ row: [String]) -> Bool {
    object["topic"] as? String == row[0] && (object["partition"] as? Int).map(String.init) == row[1]
        && (object["offset"] as? Int).map(String.init) == row[2]
        && (object["rejected_at"] as? String).flatMap(Timestamp.init(iso8601:)) == Timestamp(sqlText: row[3])
        && object["error_code"] as? String == row[4] && object["error_detail"] as? String == row[5]
        && object["payload_encoding"] as? String == row[6]
}

/// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks (PostgreSQL's
/// error details have them).
func csvRecords(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var fields: [String] = []
    var field = ""
    var quoted = false
    var characters = text.makeIterator()
    var pending: Character? = characters.next()
    while let character = pending {
        pending = characters.next()
        if quoted {
            if character == "\"" {
                if pending == "\"" { field.append("\""); pending = characters.next() } else { quoted = false }
            } else {
                field.append(character)
            }
        } else if character == "\"" {
            quoted = true
        } else if character == "," {
            fields.append(field)
            field = ""
        } else if character == "\n" {
            records.append(fields + [field])
            fields = []
            field = ""
        } else {
            field.append(character)
        }
    }
    if !fields.isEmpty || !field.isEmpty { records.append(fields + [field]) }
    return records
}
