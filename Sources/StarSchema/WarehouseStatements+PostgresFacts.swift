extension WarehouseStatements {
    /// PostgreSQL's fact insert, its thirteen array literals written straight from the plan's facts.
    ///
    /// The same statement as the `RowSet` path renders (`insertFactsTemplate` over `unnest`), built
    /// without the intermediate `SQLValue`s: this loop runs once per order, and those cost a String
    /// per timestamp and a retain and release per cell (a tenth of the daemon's CPU in profiles).
    func postgresFactInsert(_ facts: [BatchPlan.Fact]) -> BoundStatement {
        var columns = Array(repeating: PostgresArrayColumn(), count: Self.factColumns.count)
        for index in columns.indices { columns[index] = PostgresArrayColumn(capacity: facts.count) }
        for fact in facts {
            let event = fact.event
            let timestamp = event.timestamp
            columns[0].append(event.orderID)
            columns[1].append(timestamp)
            columns[2].append(fact.customerKey)
            columns[3].append(event.customerID)
            columns[4].append(event.productID)
            columns[5].append(timestamp.date)
            columns[6].append(event.price)
            columns[7].append(event.quantity)
            columns[8].append(event.totalAmount)
            columns[9].append(event.customerRegion)
            columns[10].append(fact.position.topic)
            columns[11].append(Int64(fact.position.partition))
            columns[12].append(fact.position.offset)
        }
        let source = WarehouseDialect.postgresUnnest(Self.factColumns)
        let parameters = columns.indices.map { SQLValue.text(columns[$0].takeLiteral()) }
        return BoundStatement(sql: insertFactsTemplate.replacingFirst("{rows}", with: source), parameters: parameters)
    }
}
