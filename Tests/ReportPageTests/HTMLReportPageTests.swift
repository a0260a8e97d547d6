import ReportPage
import StarSchema
import Testing

/// The page built from report tables made the way `starsink report` makes them (SQL rows → ReportTable).
@Suite struct HTMLReportPageTests {
    static let statements = WarehouseStatements(
        target: WarehouseTarget(dialect: .sqlite, schema: SQLIdentifier("main")!))
    static let options = ReportOptions(asOf: CalendarDate(year: 2026, month: 11, day: 27))

    static func table(_ name: ReportName, _ rows: [[String?]]) throws -> ReportTable {
        try ReportTable(query: statements.report(name, options: options), sqlRows: rows)
    }

    static let hostile = "<script>alert(\"x\")</script> & O'Brien"

    static func tables() throws -> [ReportTable] {
        [
            try table(
                .monthlySales,
                [
                    ["2026", "1", "Books", "Europe", "123456", "10"],
                    ["2026", "2", Self.hostile, "Asia Pacific", "99", "1"],
                ]),
            try table(.topCustomers, [["CUST-1", Self.hostile, "Europe", "3", "250000"]]),
            try table(
                .productPerformance,
                [["PROD-1", "Nimbus 27\" 4K Monitor", "Electronics", "40", "3999600", "10", "3999600"]]),
            try table(.multiRegion, [["CUST-1", "Zoë Müller", "2"], ["CUST-2", "山田 Wei", "3"]]),
        ]
    }

    @Test func textFromTheDataIsEscapedEverywhere() throws {
        let html = HTMLReportPage(tables: try Self.tables(), asOf: Self.options.asOf).render()
        #expect(!html.contains("<script"), "a name became markup")
        #expect(!html.contains(Self.hostile))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#39;Brien"))
        #expect(html.contains("Nimbus 27&quot; 4K Monitor"))
        #expect(html.contains("Zoë Müller") && html.contains("山田 Wei"), "UTF-8 text stays as it is")
    }

    @Test func thePageFetchesNothing() throws {
        let html = HTMLReportPage(tables: try Self.tables(), asOf: Self.options.asOf).render()
        for fetch in ["src=", "<link", "@import", "url(", "http", "<script", "@font-face"] {
            #expect(!html.contains(fetch), "\(fetch)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<meta charset=\"utf-8\">"))
        #expect(
            html.components(separatedBy: "<svg viewBox=").count - 1 == 1 + 2 + 1 + 1 + 1,
            "all regions, two region charts, top customers, product scatter, multi-region histogram")
    }

    @Test func tablesShowEveryValueGroupedButOtherwiseAsTheCSV() throws {
        let html = HTMLReportPage(tables: try Self.tables(), asOf: Self.options.asOf).render()
        #expect(html.contains("<td class=\"num\">1,234.56</td>"), "SALES 123456 cents")
        #expect(html.contains("<td class=\"num\">39,996.00</td>"), "AVG_PRICE 3999600 / 10 cents")
        #expect(html.contains("<table id=\"table-top-customers\""))
        #expect(html.contains("<dd>1,235.55</dd>"), "total sales card: 1,234.56 + 0.99")
    }

    @Test func anEmptyReportSaysSo() throws {
        let html = HTMLReportPage(tables: [try Self.table(.topCustomers, [])], asOf: Self.options.asOf).render()
        #expect(html.contains("No rows."))
        #expect(html.contains("Table · 0 rows"))
    }

    @Test func escapingReplacesControlCharacters() {
        #expect(HTMLText.escape("a\u{0}b\u{7}c\td") == "a\u{FFFD}b\u{FFFD}c\td")
    }

    @Test func numbersReadLikeTheCSVWithCommas() {
        #expect(Int64(1_234_567).groupedDigits == "1,234,567")
        #expect(Int64(-1_000).groupedDigits == "-1,000")
        #expect(NumberText.money(Money(cents: -5)) == "-0.05")
        #expect(NumberText.money(Money(cents: 123_456_789)) == "1,234,567.89")
        #expect(
            NumberText.short(12_500) == "12.5k" && NumberText.short(2_000_000) == "2M" && NumberText.short(950) == "950"
        )
        #expect(NumberText.short(250_000) == "250k" && NumberText.short(1_500) == "1.5k")
    }

    @Test func scalesHaveRoundTicksAndCoverTheData() {
        let linear = LinearScale(maximum: 87, range: 0...100)
        #expect(linear.ticks == [0, 20, 40, 60, 80, 100])
        #expect(linear.position(50) == 50)
        let log = LogScale(minimum: 2.5, maximum: 1_999, range: 0...300)
        #expect(log.ticks == [2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000])
        #expect(log.position(2) == 0 && log.position(2_000) == 300 && abs(log.position(200) - 200) < 0.001)
        #expect(LogScale(minimum: 1, maximum: 224, range: 0...1).domain == 1...500)
    }
}
