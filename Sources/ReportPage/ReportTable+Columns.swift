import StarSchema

/// Reading a report's cells by column name, for the charts (the tables render every cell as is).
extension ReportTable {
    func column(_ name: String) -> Int? { columns.firstIndex(of: name) }

    func text(_ row: [Value], _ column: Int?) -> String {
        guard let column, column < row.count else { return "" }
        if case .text(let text) = row[column] { return text }
        return NumberText.cell(row[column])
    }

    /// A numeric cell as a plain number: money in currency units, integers as they are.
    func number(_ row: [Value], _ column: Int?) -> Double {
        guard let column, column < row.count else { return 0 }
        switch row[column] {
        case .integer(let number): return Double(number)
        case .money(let money): return Double(money.cents) / 100
        case .text(let text): return Double(text) ?? 0
        }
    }
}
