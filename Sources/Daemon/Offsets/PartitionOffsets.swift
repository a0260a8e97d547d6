import StarSchema

/// One partition as `starsink offsets show` reports it: the offset the warehouse holds for the group
/// (the next record to load; nil when nothing of the partition was loaded) beside the broker's log.
package struct PartitionOffsets: Sendable, Equatable {
    package var partition: Int32
    package var warehouseOffset: Int64?
    package var logStart: Int64
    package var logEnd: Int64

    package init(partition: Int32, warehouseOffset: Int64?, logStart: Int64, logEnd: Int64) {
        self.partition = partition
        self.warehouseOffset = warehouseOffset
        self.logStart = logStart
        self.logEnd = logEnd
    }

    /// Records not loaded yet. Without a warehouse offset the group starts at the log start, so the
    /// whole log is lag. (Negative when the warehouse is ahead of the log: the topic was recreated.)
    package var lag: Int64 { logEnd - (warehouseOffset ?? logStart) }
}

extension [PartitionOffsets] {
    static var columns: [String] { ["partition", "warehouse_offset", "log_start", "log_end", "lag"] }

    private var cells: [[String]] {
        map {
            [
                "\($0.partition)", $0.warehouseOffset.map(String.init) ?? "", "\($0.logStart)", "\($0.logEnd)",
                "\($0.lag)",
            ]
        }
    }

    /// `table` for people, `csv` with a header (an empty field where the warehouse holds nothing), or
    /// `json`: an array of objects with the column names as keys, `null` for a missing warehouse offset.
    package func render(_ format: ReportTable.Format, group: String, topic: String) -> String {
        switch format {
        case .csv:
            return ([Self.columns] + cells).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        case .json:
            let objects = map { row in
                "{\"partition\":\(row.partition),\"warehouse_offset\":\(row.warehouseOffset.map(String.init) ?? "null"),"
                    + "\"log_start\":\(row.logStart),\"log_end\":\(row.logEnd),\"lag\":\(row.lag)}"
            }
            return "[" + objects.joined(separator: ",\n ") + "]\n"
        case .table:
            let header = Self.columns.map { $0.uppercased() }
            var widths = header.map(\.count)
            for row in cells {
                for (index, cell) in row.enumerated() { widths[index] = Swift.max(widths[index], cell.count) }
            }
            func line(_ values: [String]) -> String {
                values.enumerated().map { String(repeating: " ", count: widths[$0] - $1.count) + $1 }.joined(
                    separator: "  ")
            }
            var out = [
                "Offsets of group \(group) on topic \(topic)", line(header),
                widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "),
            ]
            out += cells.map(line)
            out.append("(\(count) partition\(count == 1 ? "" : "s"), total lag \(reduce(0) { $0 + $1.lag }))")
            return out.joined(separator: "\n") + "\n"
        }
    }
}
