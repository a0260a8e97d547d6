extension WarehouseStatements {
    /// SUM of a NUMERIC(…,2) column as exact integer cents. SQLite has no decimal type: NUMERIC holds
    /// binary floating point and SQLite 3.40's SUM adds floats naively, so a total over many rows can be
    /// a cent off; each value is rounded to cents before summing.
    package func centsSum(_ column: String) -> String {
        dialect == .sqlite ? "SUM(CAST(ROUND(\(column) * 100) AS INTEGER))" : "CAST(SUM(\(column)) * 100 AS BIGINT)"
    }

    /// Snowflake (and its emulator) compare a DATE with text only after an explicit cast.
    private var dateParameter: String { dialect == .sqlite ? "?" : "CAST(? AS DATE)" }
    private var orderText: String { binaryCollation }

    package func report(_ name: ReportName, options: ReportOptions) -> ReportQuery {
        switch name {
        case .monthlySales:
            let customerJoin =
                options.currentRegion
                ? "c.customer_id = f.customer_id AND c.is_current = \(trueValue)"
                : "c.customer_sk = f.customer_sk"
            let columns: [(String, ReportColumnKind)] = [
                ("YEAR", .integer), ("MONTH", .integer), ("CATEGORY", .text),
                ("REGION", .text), ("SALES", .money), ("ORDERS", .integer),
            ]
            return ReportQuery(
                name: name, columns: columns,
                statement: BoundStatement(
                    sql: """
                        SELECT d.year, d.month, p.category, c.customer_region, \(centsSum("f.total_amount")), COUNT(*)
                        FROM \(t("fact_orders")) f
                        JOIN \(t("dim_date")) d ON d.date_id = f.date_id
                        JOIN \(t("dim_product")) p ON p.product_id = f.product_id
                        JOIN \(t("dim_customer")) c ON \(customerJoin)
                        GROUP BY d.year, d.month, p.category, c.customer_region
                        ORDER BY d.year, d.month, p.category\(orderText), c.customer_region\(orderText)
                        """), columnsFromSQL: columns)
        case .topCustomers:
            let start = CalendarDate(daysSinceEpoch: options.asOf.daysSinceEpoch - 29)
            let columns: [(String, ReportColumnKind)] = [
                ("CUSTOMER_ID", .text), ("CUSTOMER_NAME", .text), ("REGION", .text),
                ("ORDERS", .integer), ("SALES", .money),
            ]
            return ReportQuery(
                name: name, columns: columns,
                statement: BoundStatement(
                    sql: """
                        SELECT f.customer_id, c.customer_name, c.customer_region, COUNT(*) AS orders, \(centsSum("f.total_amount")) AS sales
                        FROM \(t("fact_orders")) f
                        JOIN \(t("dim_customer")) c ON c.customer_id = f.customer_id AND c.is_current = \(trueValue)
                        WHERE f.date_id BETWEEN \(dateParameter) AND \(dateParameter)
                        GROUP BY f.customer_id, c.customer_name, c.customer_region
                        HAVING COUNT(*) >= 2
                        ORDER BY orders DESC, sales DESC, f.customer_id\(orderText)
                        LIMIT 5
                        """, parameters: [.text(start.text), .text(options.asOf.text)]), columnsFromSQL: columns)
        case .productPerformance:
            return ReportQuery(
                name: name,
                columns: [
                    ("PRODUCT_ID", .text), ("PRODUCT_NAME", .text), ("CATEGORY", .text), ("TOTAL_QUANTITY", .integer),
                    ("AVG_PRICE", .money), ("SALES", .money),
                ],
                statement: BoundStatement(
                    sql: """
                        SELECT p.product_id, p.product_name, p.category, SUM(f.quantity) AS total_quantity,
                               \(centsSum("f.price")), COUNT(*), \(centsSum("f.total_amount"))
                        FROM \(t("fact_orders")) f
                        JOIN \(t("dim_product")) p ON p.product_id = f.product_id
                        GROUP BY p.product_id, p.product_name, p.category
                        ORDER BY total_quantity DESC, p.product_id\(orderText)
                        """),
                columnsFromSQL: [
                    ("PRODUCT_ID", .text), ("PRODUCT_NAME", .text), ("CATEGORY", .text), ("TOTAL_QUANTITY", .integer),
                    ("PRICE_SUM", .money), ("ORDERS", .integer), ("SALES", .money),
                ])
        case .multiRegion:
            let columns: [(String, ReportColumnKind)] = [
                ("CUSTOMER_ID", .text), ("CUSTOMER_NAME", .text), ("REGIONS", .integer),
            ]
            return ReportQuery(
                name: name, columns: columns,
                statement: BoundStatement(
                    sql: """
                        SELECT f.customer_id, cur.customer_name, COUNT(DISTINCT v.customer_region) AS regions
                        FROM \(t("fact_orders")) f
                        JOIN \(t("dim_customer")) v ON v.customer_sk = f.customer_sk
                        JOIN \(t("dim_customer")) cur ON cur.customer_id = f.customer_id AND cur.is_current = \(trueValue)
                        GROUP BY f.customer_id, cur.customer_name
                        HAVING COUNT(DISTINCT v.customer_region) > 1
                        ORDER BY regions DESC, f.customer_id\(orderText)
                        """), columnsFromSQL: columns)
        }
    }
}
