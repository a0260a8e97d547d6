import Foundation
import Glibc
import Logging
import Systemd
import Testing

struct StderrLogHandlerTests {
    private func makeLogger(level: Logger.Level = .info) -> (Logger, Capture<String>, LogLevelControl) {
        let capture = Capture<String>()
        let control = LogLevelControl(level)
        let logger = Logger(label: "starsink.test") { label in
            StderrLogHandler(label: label, levelControl: control, write: { capture.append($0) })
        }
        return (logger, capture, control)
    }

    @Test func lineFormat() throws {
        var (logger, capture, _) = makeLogger()
        logger[metadataKey: "worker"] = "1"
        logger.info("committed", metadata: ["kafka.partition": "3"])
        let line = try #require(capture.all.first)
        let pattern = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z info \[worker=1 kafka\.partition=3\] committed\n$/#
        #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
    }

    @Test func lineWithoutMetadataAndWithLineBreaks() {
        let handler = StderrLogHandler(label: "x", levelControl: LogLevelControl(.info), write: { _ in })
        let event = LogEvent(
            level: .error, message: "first\nsecond", metadata: ["odbc.message": "a\nb"], source: nil,
            file: "f", function: "g", line: 1
        )
        #expect(handler.line(for: event, timestamp: "T") == "T error [odbc.message=a\\nb] first\\nsecond\n")
        let bare = LogEvent(
            level: .notice, message: "up", metadata: nil, source: nil, file: "f", function: "g", line: 1)
        #expect(handler.line(for: bare, timestamp: "T") == "T notice up\n")
    }

    @Test func timestampIsUTCWithMilliseconds() {
        // 2026-11-29T02:21:17Z is 1795918877 seconds after the epoch.
        #expect(
            StderrLogHandler.timestamp(seconds: 1_795_918_877, nanoseconds: 123_456_789) == "2026-11-29T02:21:17.123Z")
        #expect(StderrLogHandler.timestamp(seconds: 0, nanoseconds: 5_000_000) == "1970-01-01T00:00:00.005Z")
    }

    @Test func levelChangesReachExistingLoggers() {
        let (logger, capture, control) = makeLogger(level: .warning)
        logger.info("hidden")
        control.level = .trace
        logger.trace("shown")
        #expect(capture.all.count == 1)
        #expect(capture.all.first?.contains(" trace shown") == true)
    }

    @Test func settingTheHandlersLevelLeavesTheSharedControl() {
        var (logger, _, control) = makeLogger(level: .info)
        logger.logLevel = .debug
        #expect(logger.logLevel == .debug)
        #expect(control.level == .info)
    }

    @Test(.timeLimit(.minutes(1)))
    func concurrentLinesNeverInterleave() throws {
        var template = Array("/tmp/starsink-stderr-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        try #require(fd >= 0)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path); close(fd) }
        let appendFD = open(path, O_WRONLY | O_APPEND)
        try #require(appendFD >= 0)
        defer { close(appendFD) }

        let threads = 8
        let linesPerThread = 200
        let body = String(repeating: "x", count: 300)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<linesPerThread {
                StderrLogHandler.writeLine("\(thread)-\(index) \(body)\n", to: appendFD)
            }
        }

        let contents = try String(contentsOfFile: path, encoding: .utf8)
        let lines = contents.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == threads * linesPerThread)
        #expect(lines.allSatisfy { $0.hasSuffix(" " + body) && $0.split(separator: " ").count == 2 })
        #expect(Set(lines.map { $0.split(separator: " ")[0] }).count == threads * linesPerThread)
    }
}
