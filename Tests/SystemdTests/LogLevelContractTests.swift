import Logging
import SyslogSeverity
import Systemd
import Testing

/// swift-log's `LogHandler` contract for both of starsink's handlers: a logger's level and metadata belong to
/// that logger, while the shared ``LogLevelControl`` (what a reload sets) moves every logger that has no level
/// of its own.
struct LogLevelContractTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case journal, stderr
        var testDescription: String { rawValue }
    }

    /// A factory of loggers sharing one control, and the messages their handlers wrote.
    struct Loggers {
        let control: LogLevelControl
        let messages = Capture<String>()
        let kind: Kind

        init(_ kind: Kind, level: Logger.Level) {
            self.kind = kind
            control = LogLevelControl(level)
        }

        func make(_ label: String = "starsink.test") -> Logger {
            let control = control, messages = messages
            return Logger(label: label) { label in
                switch kind {
                case .journal:
                    JournalLogHandler(label: label, levelControl: control) { fields in
                        messages.append(fields.first { $0.hasPrefix("MESSAGE=") }.map { String($0.dropFirst(8)) } ?? "")
                    }
                case .stderr:
                    StderrLogHandler(label: label, levelControl: control) { line in
                        messages.append(String(line.dropLast().split(separator: " ").last ?? ""))
                    }
                }
            }
        }
    }

    @Test(arguments: Kind.allCases)
    func settingOneLoggersLevelLeavesTheOthersAndTheControl(_ kind: Kind) {
        let loggers = Loggers(kind, level: .info)
        var first = loggers.make()
        let second = loggers.make()
        first.logLevel = .debug
        #expect(first.logLevel == .debug)
        #expect(second.logLevel == .info)
        #expect(loggers.control.level == .info)
        first.debug("first")
        second.debug("second")
        #expect(loggers.messages.all == ["first"])
    }

    @Test(arguments: Kind.allCases)
    func aCopysLevelIsItsOwn(_ kind: Kind) {
        let loggers = Loggers(kind, level: .info)
        let original = loggers.make()
        var copy = original
        copy.logLevel = .trace
        #expect(original.logLevel == .info)
        #expect(copy.logLevel == .trace)
    }

    @Test(arguments: Kind.allCases)
    func aReloadMovesTheLoggersWithoutALevelOfTheirOwn(_ kind: Kind) {
        let loggers = Loggers(kind, level: .info)
        var overridden = loggers.make()
        overridden.logLevel = .error
        let following = loggers.make()
        loggers.control.level = .debug
        let createdAfter = loggers.make()
        #expect(following.logLevel == .debug)
        #expect(createdAfter.logLevel == .debug)
        #expect(overridden.logLevel == .error)
        overridden.warning("overridden")
        following.debug("following")
        createdAfter.debug("after")
        #expect(loggers.messages.all == ["following", "after"])
    }

    @Test(arguments: Kind.allCases)
    func metadataSetOnOneLoggerStaysOnIt(_ kind: Kind) {
        let loggers = Loggers(kind, level: .info)
        var first = loggers.make()
        let second = loggers.make()
        first[metadataKey: "worker"] = "1"
        #expect(first[metadataKey: "worker"] == "1")
        #expect(second[metadataKey: "worker"] == nil && second.handler.metadata.isEmpty)
    }

    @Test func theMetadataProviderReachesTheHandler() throws {
        let provider = Logger.MetadataProvider { ["trace.id": "abc"] }
        let capture = Capture<[String]>()
        let logger = Logger(label: "x") { label in
            JournalLogHandler(label: label, levelControl: LogLevelControl(.info), metadataProvider: provider) {
                capture.append($0)
            }
        }
        logger.info("x")
        #expect(logger.metadataProvider != nil)
        #expect(try #require(capture.all.first).contains("TRACE_ID=abc"))
    }

    @Test func syslogSeveritiesMapBackToLevels() {
        for level in Logger.Level.allCases {
            let back = Logger.Level(syslogSeverity: level.syslogSeverity)
            #expect(back == (level == .trace ? .debug : level), "\(level)")
        }
        #expect(Logger.Level(syslogSeverity: 0) == .critical)
        #expect(Logger.Level(syslogSeverity: 1) == .critical)
        #expect(Logger.Level(syslogSeverity: 8) == .debug)
    }
}
