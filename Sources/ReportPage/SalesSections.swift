import StarSchema

/// The page sections about what sold: monthly sales (stacked by category, one small chart per
/// region) and product performance (a scatter of average price against quantity).
enum SalesSections {
    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    static func monthlySales(_ table: ReportTable, palette: ChartPalette) -> String {
        let (year, month, category, region, sales) = (
            table.column("YEAR"), table.column("MONTH"), table.column("CATEGORY"),
            table.column("REGION"), table.column("SALES")
        )
        var months: [Int: (year: Int, month: Int)] = [:]
        var total: [Int: [String: Double]] = [:]
        var byRegion: [String: [Int: [String: Double]]] = [:]
        for row in table.rows {
            let y = Int(table.number(row, year)), m = Int(table.number(row, month))
            let key = y * 12 + m - 1
            months[key] = (y, m)
            let amount = table.number(row, sales)
            total[key, default: [:]][table.text(row, category), default: 0] += amount
            byRegion[table.text(row, region), default: [:]][key, default: [:]][table.text(row, category), default: 0] +=
                amount
        }
        let keys = months.keys.sorted()
        func label(_ key: Int, first: Bool) -> String {
            let (y, m) = months[key] ?? (key / 12, key % 12 + 1)
            return monthNames[m - 1] + (m == 1 || first ? " \u{2019}" + String(String(y).suffix(2)) : "")
        }
        func bars(_ values: [Int: [String: Double]]) -> [StackedBarChart.Bar] {
            keys.enumerated().map { StackedBarChart.Bar(label: label($1, first: $0 == 0), values: values[$1] ?? [:]) }
        }
        guard !keys.isEmpty else { return noRows }
        var chart = StackedBarChart(bars: bars(total), palette: palette)
        chart.width = 1100
        chart.valueText = { NumberText.money(Money(cents: Int64(($0 * 100).rounded()))) }
        var html =
            "<h3>All regions</h3><figure class=\"chart\">" + chart.svg(label: "Sales per month, stacked by category")
            + "</figure>"
        html += palette.legend()
        let regionTotals = byRegion.mapValues { $0.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
        let regions = byRegion.keys.sorted { (regionTotals[$0] ?? 0, $1) > (regionTotals[$1] ?? 0, $0) }
        let shared = byRegion.values.flatMap { $0.values.map { $0.values.reduce(0, +) } }.max() ?? 1
        html +=
            "<h3>By region <span class=\"note\">(same scale in every chart, largest region first)</span></h3><div class=\"multiples\">"
        for name in regions {
            var small = StackedBarChart(bars: bars(byRegion[name] ?? [:]), palette: palette)
            (small.width, small.height, small.compact, small.maximum) = (300, 170, true, shared)
            small.valueText = chart.valueText
            html +=
                "<figure class=\"multiple\"><figcaption><b>\(HTMLText.escape(name))</b> "
                + "<span>\(NumberText.money(Money(cents: Int64(((regionTotals[name] ?? 0) * 100).rounded()))))</span></figcaption>"
                + small.svg(label: "Sales per month in \(name), stacked by category") + "</figure>"
        }
        return html + "</div>"
    }

    static func productPerformance(_ table: ReportTable, palette: ChartPalette) -> String {
        let (id, name, category, quantity, price) = (
            table.column("PRODUCT_ID"), table.column("PRODUCT_NAME"), table.column("CATEGORY"),
            table.column("TOTAL_QUANTITY"), table.column("AVG_PRICE")
        )
        guard !table.rows.isEmpty else { return noRows }
        let points = table.rows.map { row in
            ScatterPlot.Point(
                x: table.number(row, price), y: table.number(row, quantity), series: table.text(row, category),
                title: "\(table.text(row, name)) (\(table.text(row, id)), \(table.text(row, category))): "
                    + "\(table.text(row, quantity)) sold at \(table.text(row, price)) on average")
        }
        var chart = ScatterPlot(
            points: points, palette: palette, xTitle: "Average price (log scale)",
            yTitle: "Quantity sold (log scale)")
        chart.width = 1100
        return "<figure class=\"chart\">"
            + chart.svg(label: "Quantity sold against average price, one point per product")
            + "</figure>" + palette.legend()
    }

    static let noRows = "<p class=\"empty\">No rows.</p>"
}
