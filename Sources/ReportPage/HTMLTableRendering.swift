import StarSchema

/// A report's rows as an HTML `<table>`: every cell escaped, numbers right-aligned and grouped.
/// Long tables sit in a `<details>` element, closed, so the page opens on its charts without script.
enum HTMLTableRendering {
    static let openRowLimit = 12

    static func table(_ table: ReportTable) -> String {
        let numeric = table.columns.indices.map { index in
            table.rows.first.map { row in if case .text = row[index] { false } else { true } } ?? false
        }
        var html =
            "<div class=\"table-wrap\"><table id=\"table-\(table.name.rawValue)\" class=\"report-table\"><thead><tr>"
        for (index, column) in table.columns.enumerated() {
            html += "<th\(numeric[index] ? " class=\"num\"" : "") scope=\"col\">\(HTMLText.escape(column))</th>"
        }
        html += "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>"
            for (index, value) in row.enumerated() {
                html += "<td\(numeric[index] ? " class=\"num\"" : "")>\(HTMLText.escape(NumberText.cell(value)))</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table></div>"
        let rows = table.rows.count.groupedDigits + (table.rows.count == 1 ? " row" : " rows")
        if table.rows.count <= openRowLimit {
            return "<details class=\"rows\" open><summary>Table · \(rows)</summary>\(html)</details>"
        }
        return "<details class=\"rows\"><summary>Table · \(rows) (click to show)</summary>\(html)</details>"
    }
}
