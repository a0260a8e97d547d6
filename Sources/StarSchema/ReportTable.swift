/// A report's result, typed, ready to render as a table, CSV or JSON.
package struct ReportTable: Sendable {
    package enum Value: Sendable, Hashable {
        case text(String)
        case integer(Int64)
        case money(Money)

        var plain: String {
            switch self {
            case .text(let text): text
            case .integer(let number): String(number)
            case .money(let money): money.description
            }
        }
    }

    package var name: ReportName
    package var columns: [String]
    package var rows: [[Value]]

    /// Builds the table from SQL rows (every column as text), converting cents to money and computing
    /// product-performance's AVG_PRICE exactly (half away from zero) from its sum and count.
    package init(query: ReportQuery, sqlRows: [[String?]]) throws(ReportError) {
        name = query.name
        columns = query.columns.map(\.name)
        rows = []
        for sqlRow in sqlRows {
            guard sqlRow.count == query.columnsFromSQL.count else {
                throw ReportError(message: "unexpected column count")
            }
            var values: [Value] = []
            for (index, column) in query.columnsFromSQL.enumerated() {
                let text = sqlRow[index] ?? ""
                switch column.kind {
                case .text: values.append(.text(text))
                case .integer, .money:
                    guard let number = Int64(text) ?? Double(text).flatMap({ Int64(exactly: $0.rounded()) }) else {
                        throw ReportError(message: "column \(column.name): not a number: \(text.prefix(40))")
                    }
                    values.append(column.kind == .money ? .money(Money(cents: number)) : .integer(number))
                }
            }
            if query.name == .productPerformance, case .money(let priceSum) = values[4],
                case .integer(let count) = values[5]
            {
                let average = (priceSum.cents * 2 + count) / (2 * max(count, 1))
                values.replaceSubrange(4...5, with: [.money(Money(cents: average))])
            }
            rows.append(values)
        }
    }

    package enum Format: String, Sendable, CaseIterable { case table, csv, json }

    package func render(_ format: Format) -> String {
        switch format {
        case .table: renderTable()
        case .csv: renderCSV()
        case .json: renderJSON()
        }
    }

    private func renderTable() -> String {
        let cells = rows.map { $0.map(\.plain) }
        var widths = columns.map(TerminalWidth.of)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], TerminalWidth.of(cell)) }
        }
        func line(_ values: [String], rightAligned: [Bool]) -> String {
            values.enumerated().map { index, value in
                let padding = String(repeating: " ", count: max(0, widths[index] - TerminalWidth.of(value)))
                return rightAligned[index] ? padding + value : value + padding
            }.joined(separator: "  ")
        }
        let numeric =
            rows.first.map { $0.map { if case .text = $0 { false } else { true } } } ?? columns.map { _ in false }
        var out = [
            name.title, line(columns, rightAligned: numeric),
            widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "),
        ]
        out += cells.map { line($0, rightAligned: numeric) }
        out.append("(\(rows.count) row\(rows.count == 1 ? "" : "s"))")
        return out.joined(separator: "\n") + "\n"
    }

    private func renderCSV() -> String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
        }
        var lines = [columns.joined(separator: ",")]
        lines += rows.map { $0.map { field($0.plain) }.joined(separator: ",") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func renderJSON() -> String {
        let objects = rows.map { row in
            "{"
                + zip(columns, row).map { column, value in
                    let rendered: String
                    switch value {
                    case .text(let text): rendered = JSONText.string(text)
                    case .integer(let number): rendered = String(number)
                    case .money(let money): rendered = money.description
                    }
                    return "\"\(column)\":\(rendered)"
                }.joined(separator: ",") + "}"
        }
        return "[" + objects.joined(separator: ",\n ") + "]\n"
    }
}

/// A report could not be built from what the warehouse returned.
package struct ReportError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
