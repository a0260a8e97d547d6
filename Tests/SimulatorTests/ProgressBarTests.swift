import Simulator
import StarSchema
import Synchronization
import Testing

/// Collects what a progress bar writes and lets the test move time.
private final class Recorder: Sendable {
    let lines = Mutex<[String]>([])
    let time = Mutex<Duration>(.zero)

    func bar(total: Int, isTerminal: Bool) -> ProgressBar {
        ProgressBar(
            total: total, label: "orders", isTerminal: isTerminal,
            now: { self.time.withLock { $0 } }, write: { text in self.lines.withLock { $0.append(text) } })
    }

    func advance(_ duration: Duration) { time.withLock { $0 += duration } }
    var written: [String] { lines.withLock { $0 } }
}

@Suite("ProgressBar")
struct ProgressBarTests {
    @Test func redrawsInPlaceOnATerminal() {
        let recorder = Recorder()
        let bar = recorder.bar(total: 50_000, isTerminal: true)
        recorder.advance(.seconds(2))
        bar.update(done: 22_500)
        #expect(recorder.written == ["\r[#########-----------] 45% 22,500/50,000 orders 11.3k/s\u{1B}[K"])
        recorder.advance(.milliseconds(10))
        bar.update(done: 23_000)
        #expect(recorder.written.count == 1, "redraws are throttled")
        recorder.advance(.milliseconds(10))
        bar.update(done: 50_000)
        #expect(recorder.written.count == 2, "the final count is always drawn")
        #expect(recorder.written.last?.contains("[####################] 100% 50,000/50,000") == true)
        bar.finish(summary: "sent 50,000 orders")
        #expect(recorder.written.count == 3)
        #expect(recorder.written.last?.hasSuffix("\nsent 50,000 orders\n") == true)
        bar.finish(summary: "again")
        bar.update(done: 1)
        #expect(recorder.written.count == 3, "finish is final")
    }

    @Test func clearErasesTheBarOnceAndOnlyOnATerminal() {
        let recorder = Recorder()
        let bar = recorder.bar(total: 10, isTerminal: true)
        recorder.advance(.seconds(1))
        bar.update(done: 10)
        bar.clear()
        bar.clear()
        bar.update(done: 10)
        #expect(recorder.written.count == 2)
        #expect(recorder.written.last == "\r\u{1B}[K")
        let quiet = Recorder()
        let elsewhere = quiet.bar(total: 10, isTerminal: false)
        elsewhere.update(done: 10)
        elsewhere.clear()
        #expect(quiet.written.isEmpty)
    }

    @Test func staysQuietElsewhereUntilFinish() {
        let recorder = Recorder()
        let bar = recorder.bar(total: 1_000, isTerminal: false)
        for done in stride(from: 0, through: 1_000, by: 100) {
            recorder.advance(.seconds(1))
            bar.update(done: done)
        }
        #expect(recorder.written.isEmpty)
        bar.finish(summary: "sent 1,000 orders in 10 s")
        #expect(recorder.written == ["sent 1,000 orders in 10 s\n"])
    }

    @Test func formatsCountsAndRates() {
        #expect(0.groupedDigits == "0")
        #expect(999.groupedDigits == "999")
        #expect(1_000.groupedDigits == "1,000")
        #expect(1_234_567.groupedDigits == "1,234,567")
        #expect(ProgressBar.rate(done: 850, elapsed: .seconds(1)) == "850/s")
        #expect(ProgressBar.rate(done: 12_300, elapsed: .seconds(1)) == "12.3k/s")
        #expect(ProgressBar.rate(done: 2_400_000, elapsed: .seconds(2)) == "1.2M/s")
        #expect(ProgressBar.rate(done: 10, elapsed: .zero) == "-/s")
    }

    @Test func anEmptyTotalShowsComplete() {
        let recorder = Recorder()
        recorder.bar(total: 0, isTerminal: true).update(done: 0)
        #expect(recorder.written.first?.contains("100% 0/0 orders") == true)
    }
}
