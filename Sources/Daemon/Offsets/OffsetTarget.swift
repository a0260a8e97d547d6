import StarSchema

/// Where `starsink offsets reset --to` moves a partition: its log start, its log end, an offset, or the
/// first record produced at or after a time.
package enum OffsetTarget: Sendable, Equatable, CustomStringConvertible {
    case earliest
    case latest
    case offset(Int64)
    case time(Timestamp)

    /// Parses `earliest`, `latest`, a number ≥ 0, or an ISO-8601 time (`2026-11-28T10:15:00Z`); nil otherwise.
    package init?(argument: String) {
        switch argument {
        case "earliest": self = .earliest
        case "latest": self = .latest
        default:
            if !argument.isEmpty, argument.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                guard let offset = Int64(argument) else { return nil }
                self = .offset(offset)
            } else if let time = Timestamp(iso8601: argument) {
                self = .time(time)
            } else {
                return nil
            }
        }
    }

    package static let usage =
        "--to must be earliest, latest, an offset (a whole number ≥ 0) or an ISO-8601 time such as 2026-11-28T10:15:00Z"

    package var description: String {
        switch self {
        case .earliest: "earliest"
        case .latest: "latest"
        case .offset(let offset): "offset \(offset)"
        case .time(let time): "time \(time.iso8601)"
        }
    }
}
