import StarSchema

/// The page sections about who bought: the top repeat customers of the window and the customers
/// who ordered from more than one region.
enum CustomerSections {
    static func topCustomers(_ table: ReportTable) -> String {
        let (name, region, orders, sales) = (
            table.column("CUSTOMER_NAME"), table.column("REGION"), table.column("ORDERS"), table.column("SALES")
        )
        guard !table.rows.isEmpty else { return SalesSections.noRows }
        let items = table.rows.map { row in
            let count = Int64(table.number(row, orders))
            return HorizontalBarChart.Item(
                label: table.text(row, name),
                detail: "\(table.text(row, region)) · \(count.groupedDigits) order\(count == 1 ? "" : "s")",
                value: table.number(row, sales), valueText: table.text(row, sales))
        }
        var chart = HorizontalBarChart(items: items)
        chart.width = 1100
        chart.rowHeight = 46
        return "<figure class=\"chart\">" + chart.svg(label: "Sales of the top repeat customers") + "</figure>"
    }

    /// A histogram: how many customers ordered from two regions, from three, and so on.
    static func multiRegion(_ table: ReportTable) -> String {
        let regions = table.column("REGIONS")
        guard !table.rows.isEmpty else { return SalesSections.noRows }
        var customers: [Int64: Int64] = [:]
        for row in table.rows { customers[Int64(table.number(row, regions)), default: 0] += 1 }
        let items = customers.sorted { $0.key < $1.key }.map { regionCount, customerCount in
            HorizontalBarChart.Item(
                label: "\(regionCount) regions", value: Double(customerCount),
                valueText: customerCount.groupedDigits + (customerCount == 1 ? " customer" : " customers"))
        }
        var chart = HorizontalBarChart(items: items)
        chart.width = 1100
        chart.labelWidth = 140
        chart.colour = "#59a14f"
        return "<figure class=\"chart\">" + chart.svg(label: "Customers by the number of regions they ordered from")
            + "</figure>"
    }
}
