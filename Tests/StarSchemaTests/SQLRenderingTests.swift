import Testing
@testable import StarSchema

@Suite struct SQLRenderingTests {
    @Test func postgresArrayLiteralsQuoteEverything() {
        let literal = PostgresArrayLiteral.encode(
            [.text("a,b"), .text("say \"hi\""), .text("back\\slash"), .null, .text("NULL"), .text("{x}")], type: .text)
        #expect(literal == #"{"a,b","say \"hi\"","back\\slash",NULL,"NULL","{x}"}"#)
        #expect(PostgresArrayLiteral.encode([.integer(1), .integer(0)], type: .boolean) == "{t,f}")
        #expect(PostgresArrayLiteral.encode([.integer(-5), .integer(7)], type: .bigint) == "{-5,7}")
    }

    @Test func postgresBulkIsOneStatementWithOneParameterPerColumn() {
        var rows = RowSet([("a", .text), ("b", .bigint)])
        for index in 0..<2000 { rows.append([.text("x\(index)"), .integer(Int64(index))]) }
        let statements = WarehouseDialect.postgresql.bulk(
            "INSERT INTO t (a, b) SELECT u.a, u.b FROM {rows} WHERE true", rows: rows)
        #expect(statements.count == 1)
        #expect(statements[0].parameters.count == 2)
        #expect(statements[0].sql.contains("unnest(?::text[], ?::bigint[]) AS u(a, b)"))
    }

    /// Snowflake: every row set of a batch goes into one array-bound INSERT into the stage; each write
    /// reads its kind back with casts, and no statement starts with WITH or holds a VALUES CTE.
    @Test func snowflakeWritesStageEveryRowInOneArrayInsert() {
        var rows = RowSet([("a", .text), ("b", .bigint), ("c", .boolean)])
        for index in 0..<1203 { rows.append([.text("x\(index)"), .integer(Int64(index)), .integer(Int64(index % 2))]) }
        var writer = BatchWriter(
            WarehouseStatements(target: WarehouseTarget(dialect: .snowflake, schema: SQLIdentifier("e_commerce")!)))
        writer.bulk("INSERT INTO t (a, b, c) SELECT u.a, u.b, u.c FROM {rows} WHERE true", rows: rows, kind: .fact)
        writer.bulk("UPDATE t2 SET a = u.a FROM {rows} WHERE t2.b = u.b", rows: rows, kind: .date)
        let steps = writer.steps
        #expect(steps.count == 4)
        guard case .array(let staged) = steps[1] else { Issue.record("the stage is not array-bound"); return }
        #expect(staged.rows.count == 2406)
        #expect(
            staged.sql
                == "INSERT INTO starsink_stage (kind, c01, c02, c03, c04, c05, c06, c07, c08, c09, c10, c11, c12, c13) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        #expect(staged.parameterSets[1].prefix(4) == [.text("fact"), .text("x1"), .text("1"), .text("true")])
        #expect(staged.parameterSets[1203].first == .text("date"))
        #expect(
            steps[2].sql == "INSERT INTO t (a, b, c) SELECT u.a, u.b, u.c FROM (SELECT CAST(s.c01 AS VARCHAR) AS a, "
                + "CAST(s.c02 AS BIGINT) AS b, CAST(s.c03 AS BOOLEAN) AS c FROM starsink_stage AS s WHERE s.kind = 'fact') AS u WHERE true"
        )
        for step in steps { #expect(!step.sql.hasPrefix("WITH") && !step.sql.contains("AS (VALUES")) }
        #expect(
            WarehouseDialect.snowflake.bulk("x {rows}", rows: rows).isEmpty,
            "Snowflake rows never go into statement text")
    }

    @Test func sqliteBulkIsOneJSONParameter() {
        var rows = RowSet([("a", .text), ("b", .bigint), ("c", .timestamp)])
        rows.append([.text("x \"quoted\" \\ é\u{1}"), .integer(-7), .null])
        rows.append([.text(""), .integer(Int64.max), .text("2026-05-01 12:00:00")])
        let statements = WarehouseDialect.sqlite.bulk(
            "INSERT INTO t (a, b, c) SELECT u.a, u.b, u.c FROM {rows} WHERE true", rows: rows)
        #expect(statements.count == 1)
        #expect(
            statements[0].sql == """
                WITH u(a, b, c) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') \
                FROM json_each(?)) INSERT INTO t (a, b, c) SELECT u.a, u.b, u.c FROM u WHERE true
                """)
        #expect(
            statements[0].parameters == [
                .text(#"[["x \"quoted\" \\ é\u0001",-7,null],["",9223372036854775807,"2026-05-01 12:00:00"]]"#)
            ])
        #expect(WarehouseDialect.sqlite.bulk("x {rows}", rows: RowSet([("a", .text)])).isEmpty)
    }

    @Test func identifiersAreStrict() {
        #expect(SQLIdentifier("e_commerce") != nil)
        #expect(SQLIdentifier("_x9") != nil)
        for bad in ["", "9a", "a-b", "a b", "a;drop", "\"a\"", "é", String(repeating: "a", count: 64)] {
            #expect(SQLIdentifier(bad) == nil, "\(bad) must be refused")
        }
    }

    @Test func jsonTextArraysEscape() {
        #expect(JSONText.array(["a", "b\"c", "d\\e", "\n", "日本"]) == #"["a","b\"c","d\\e","\u000a","日本"]"#)
        #expect(JSONText.array([]) == "[]")
    }

    @Test func timestampsRoundTripThroughSQLText() throws {
        let samples = [
            "2026-11-28 10:15:00", "2026-11-28 10:15:00.25", "2026-11-28 10:15:00.123456", "2024-02-29 23:59:59",
        ]
        for text in samples {
            let parsed = try #require(Timestamp(sqlText: text))
            #expect(Timestamp(sqlText: parsed.sqlText) == parsed)
        }
        #expect(Timestamp(sqlText: "2026-11-28 10:15:00.25")?.sqlText == "2026-11-28 10:15:00.250000")
        #expect(Timestamp(sqlText: "2026-11-28T10:15:00Z") == Timestamp(sqlText: "2026-11-28 10:15:00"))
        #expect(Timestamp(sqlText: "2026-02-30 00:00:00") == nil)
        #expect(Timestamp(sqlText: "2026-11-28 10:15:00+05") == nil)
    }

    @Test func reportsComputeAveragePriceExactly() throws {
        let statements = WarehouseStatements(
            target: WarehouseTarget(dialect: .sqlite, schema: SQLIdentifier("e_commerce")!))
        let query = statements.report(
            .productPerformance, options: ReportOptions(asOf: CalendarDate(year: 2026, month: 1, day: 1)))
        let table = try ReportTable(query: query, sqlRows: [["P1", "Pen", "Office", "10", "1001", "2", "5005"]])
        #expect(
            table.rows[0] == [
                .text("P1"), .text("Pen"), .text("Office"), .integer(10), .money(Money(cents: 501)),
                .money(Money(cents: 5005)),
            ])
        #expect(
            table.render(.csv)
                == "PRODUCT_ID,PRODUCT_NAME,CATEGORY,TOTAL_QUANTITY,AVG_PRICE,SALES\nP1,Pen,Office,10,5.01,50.05\n")
        #expect(
            table.render(.json)
                == #"[{"PRODUCT_ID":"P1","PRODUCT_NAME":"Pen","CATEGORY":"Office","TOTAL_QUANTITY":10,"AVG_PRICE":5.01,"SALES":50.05}]"#
                + "\n")
    }

    @Test func csvQuotesAwkwardText() throws {
        let statements = WarehouseStatements(
            target: WarehouseTarget(dialect: .sqlite, schema: SQLIdentifier("e_commerce")!))
        let query = statements.report(
            .multiRegion, options: ReportOptions(asOf: CalendarDate(year: 2026, month: 1, day: 1)))
        let table = try ReportTable(query: query, sqlRows: [["C1", "O'Brien, \"Pat\"", "2"]])
        #expect(table.render(.csv) == "CUSTOMER_ID,CUSTOMER_NAME,REGIONS\nC1,\"O'Brien, \"\"Pat\"\"\",2\n")
    }
}

@Suite struct TableWidthTests {
    @Test func wideCharactersTakeTwoColumns() {
        #expect(TerminalWidth.of("Zoë") == 3)
        #expect(TerminalWidth.of("山田") == 4)
        #expect(TerminalWidth.of("e\u{0301}") == 1)
    }

    @Test func tableColumnsStayAlignedWithWideNames() throws {
        let statements = WarehouseStatements(
            target: WarehouseTarget(dialect: .sqlite, schema: SQLIdentifier("e_commerce")!))
        let query = statements.report(
            .multiRegion, options: ReportOptions(asOf: CalendarDate(year: 2026, month: 1, day: 1)))
        let table = try ReportTable(query: query, sqlRows: [["C1", "Fatima 山田", "2"], ["C2", "Ann Lee", "3"]])
        let lines = table.render(.table).split(separator: "\n").dropFirst().prefix(4).map(String.init)
        // Every row ends at the same terminal column.
        #expect(Set(lines.map(TerminalWidth.of)).count == 1, "\(lines)")
    }
}
