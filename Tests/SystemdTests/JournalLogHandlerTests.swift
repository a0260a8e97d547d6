import Logging
import Systemd
import Testing

struct JournalLogHandlerTests {
    private func makeLogger(level: Logger.Level = .trace) -> (Logger, Capture<[String]>, LogLevelControl) {
        let capture = Capture<[String]>()
        let control = LogLevelControl(level)
        let logger = Logger(label: "starsink.test") { label in
            JournalLogHandler(label: label, levelControl: control, sink: { capture.append($0) })
        }
        return (logger, capture, control)
    }

    @Test func writesTheStandardFieldsAndTheSourceLocation() throws {
        let (logger, capture, _) = makeLogger()
        logger.warning("batch failed\nsecond line", function: "flush()", line: 42)
        let fields = try #require(capture.all.first)
        #expect(fields.contains("MESSAGE=batch failed\nsecond line"))
        #expect(fields.contains("PRIORITY=4"))
        #expect(fields.contains("SYSLOG_IDENTIFIER=starsink"))
        #expect(fields.contains("CODE_LINE=42"))
        #expect(fields.contains("CODE_FUNC=flush()"))
        #expect(fields.contains { $0.hasPrefix("CODE_FILE=") && $0.hasSuffix("JournalLogHandlerTests.swift") })
        #expect(fields.contains("LOGGER_LABEL=starsink.test"))
    }

    @Test func mapsEveryLevelToASyslogPriority() {
        let (logger, capture, _) = makeLogger()
        for level in Logger.Level.allCases {
            logger.log(level: level, "x")
        }
        let priorities = capture.all.map { fields in fields.first { $0.hasPrefix("PRIORITY=") } }
        #expect(
            priorities == [
                "PRIORITY=7", "PRIORITY=7", "PRIORITY=6", "PRIORITY=5", "PRIORITY=4", "PRIORITY=3", "PRIORITY=2",
            ])
    }

    @Test func turnsMetadataKeysIntoJournalFieldNames() throws {
        var (logger, capture, _) = makeLogger()
        logger[metadataKey: "worker"] = "1"
        logger.error(
            "insert failed",
            metadata: [
                "kafka.partition": "3", "odbc.sqlstate": "23505", "batch.rows": "20000", "error.code": "42",
                "odbc.message": "line one\nline two",
            ]
        )
        let fields = try #require(capture.all.first)
        #expect(fields.contains("STARSINK_WORKER=1"))
        #expect(fields.contains("KAFKA_PARTITION=3"))
        #expect(fields.contains("ODBC_SQLSTATE=23505"))
        #expect(fields.contains("BATCH_ROWS=20000"))
        #expect(fields.contains("ERROR_CODE=42"))
        #expect(fields.contains("ODBC_MESSAGE=line one\nline two"))
    }

    @Test(arguments: [
        ("kafka.partition", "KAFKA_PARTITION"), ("worker", "STARSINK_WORKER"), ("odbc.sqlstate", "ODBC_SQLSTATE"),
        ("batch.rows", "BATCH_ROWS"), ("error.code", "ERROR_CODE"), ("_.private", "STARSINK___PRIVATE"),
        ("9.lives", "STARSINK_9_LIVES"), ("kafka-topic.name", "KAFKA_TOPIC_NAME"), ("größe.x", "GR_SSE_X"),
        ("code.file", "STARSINK_CODE_FILE"), ("", "STARSINK_"),
    ])
    func metadataKeyMapping(key: String, expected: String) {
        #expect(JournalFieldName.make(fromMetadataKey: key) == expected)
    }

    @Test func fieldNamesAreCappedAtJournaldsLimit() {
        let name = JournalFieldName.make(fromMetadataKey: "a." + String(repeating: "b", count: 100))
        #expect(name.count == 64)
        #expect(name.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") })
    }

    @Test func callSiteMetadataOverridesTheLoggersOwn() throws {
        var (logger, capture, _) = makeLogger()
        logger[metadataKey: "kafka.topic"] = "orders"
        logger.info("x", metadata: ["kafka.topic": "orders.dlq"])
        let fields = try #require(capture.all.first)
        #expect(fields.filter { $0.hasPrefix("KAFKA_TOPIC=") } == ["KAFKA_TOPIC=orders.dlq"])
    }

    @Test func levelChangesReachExistingLoggers() {
        let (logger, capture, control) = makeLogger(level: .info)
        logger.debug("hidden")
        #expect(capture.all.isEmpty)
        control.level = .debug
        logger.debug("shown")
        #expect(capture.all.count == 1)
        control.level = .error
        logger.warning("hidden again")
        #expect(capture.all.count == 1)
    }

    @Test func reallySendsWithoutAJournalSocket() {
        let fields = [
            "MESSAGE=starsink test entry\nwith a second line", "PRIORITY=7", "SYSLOG_IDENTIFIER=starsink-test",
        ]
        JournalLogHandler.sendToJournal(fields)
        #expect(JournalLogHandler.submit(fields) == 0)
        #expect(JournalLogHandler.submit([]) == 0)
    }
}
