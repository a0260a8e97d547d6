import Foundation
import StarSchema
import Testing
import TestSupport

/// The report page as a person sees it: `starsink demo` fills an SQLite warehouse and writes
/// `report.html`; `starsink report all --format html` renders the page again; headless Chromium
/// screenshots it and dumps the DOM it parsed, whose tables must hold exactly the CSV reports' values.
@Suite(.serialized) struct ReportPageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(
        .timeLimit(.minutes(6)),
        .enabled(if: Browser.path != nil, "chromium is not installed: scripts/install-deps.sh test installs it"))
    func pageMatchesTheCSVReportsInABrowser() async throws {
        try await offThePool {
            let directory = try makeTemporaryDirectory(prefix: "starsink-page")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let demo = try ChildProcess.run(
                ["demo", "--orders", "4000", "--data-directory", directory], timeout: .seconds(240))
            #expect(demo.status == 0, "stderr: \(demo.stderr.suffix(2000))")
            #expect(FileManager.default.fileExists(atPath: directory + "/report.html"))
            #expect(demo.stdout.contains("\(directory)/report.html"), "the demo says where the page is")
            // Dead letters are one block by code, not a log line each (stderr is not a terminal: no bars either).
            #expect(demo.stdout.contains("Dead letters: "), "\(demo.stdout.prefix(1500))")
            #expect(!demo.stderr.contains("event dead-lettered"))
            #expect(!demo.stderr.contains("\u{1B}[K"), "no progress bar off a terminal")

            let asOf = try #require(demo.stdout.firstMatch(of: /the 30 days ending (\d{4}-\d\d-\d\d)/)).1
            let config = directory + "/starsink.yaml"
            try """
            kafka:
              brokers: "127.0.0.1:9"
            warehouse:
              dialect: sqlite
              connection: "Driver=SQLite3;Database=\(directory)/warehouse.db"
            """.write(toFile: config, atomically: true, encoding: .utf8)
            func report(_ name: String, _ format: String) throws -> String {
                let output = try Command.run([
                    ChildProcess.starsinkPath, "report", name, "--format", format, "--as-of", String(asOf), "--config",
                    config,
                ])
                #expect(output.status == 0, "report \(name) --format \(format): \(output.stderr)")
                return output.stdout
            }
            let page = directory + "/page.html"
            try report("all", "html").write(toFile: page, atomically: true, encoding: .utf8)

            let screenshot = directory + "/page.png"
            let shot = try Browser.run(
                ["--screenshot=\(screenshot)", "--window-size=1280,2400", "file://\(page)"],
                profile: directory + "/profile")
            #expect(shot.status == 0, "chromium: \(shot.stderr.suffix(1000))")
            let stats = try Command.run([
                "python3", Self.root.appendingPathComponent("Tests/Browser/png_stats.py").path, screenshot,
            ])
            let figures = stats.stdout.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            #expect(figures.count == 4, "png_stats: \(stats.stdout) \(stats.stderr)")
            if figures.count == 4 {
                #expect(figures[0] == 1280 && figures[1] == 2400)
                #expect(figures[2] > 200, "a page of charts has many colours, not \(figures[2])")
                #expect(figures[3] > 0.03, "ink on \(figures[3] * 100)% of the screenshot")
            }

            let dom = try Browser.run(["--dump-dom", "file://\(page)"], profile: directory + "/profile")
            #expect(dom.status == 0)
            #expect(!dom.stdout.contains("<script"), "no script on the page")
            for name in ReportName.allCases {
                let csv = CSV.rows(try report(name.rawValue, "csv"))
                let shown = try #require(
                    HTMLTables.rows(ofTableWithID: "table-\(name.rawValue)", in: dom.stdout), "\(name.rawValue) table")
                #expect(csv.count > 1, "\(name.rawValue) has rows")
                #expect(
                    shown.count == csv.count,
                    "\(name.rawValue): \(shown.count) rows in the page, \(csv.count) in the CSV")
                for (pageRow, csvRow) in zip(shown, csv) where !Self.sameValues(pageRow, csvRow) {
                    Issue.record("\(name.rawValue): page \(pageRow) ≠ CSV \(csvRow)")
                    break
                }
            }

            // `all` in the other formats: JSON is one object with a member per report; CSV holds one table only.
            let all = try #require(
                try JSONSerialization.jsonObject(with: Data(try report("all", "json").utf8)) as? [String: [Any]])
            #expect(Set(all.keys) == Set(ReportName.allCases.map(\.rawValue)))
            #expect(all["top-customers"]?.count == CSV.rows(try report("top-customers", "csv")).count - 1)
            let csvAll = try Command.run([
                ChildProcess.starsinkPath, "report", "all", "--format", "csv", "--config", config,
            ])
            #expect(csvAll.status == 2 && csvAll.stderr.contains("--format csv holds one report"))
        }
    }

    /// `--verbose` brings back the line per dead letter that the demo otherwise sums up by code.
    @Test(.timeLimit(.minutes(4)))
    func verboseDemoLogsEachDeadLetter() async throws {
        try await offThePool {
            let directory = try makeTemporaryDirectory(prefix: "starsink-verbose")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let demo = try ChildProcess.run(
                ["demo", "--orders", "3000", "--verbose", "--data-directory", directory], timeout: .seconds(200))
            #expect(demo.status == 0)
            let total = try #require(demo.stdout.firstMatch(of: /Dead letters: (\d+), by code/)).1
            let lines = demo.stderr.split(separator: "\n").filter { $0.contains("event dead-lettered") }
            #expect(lines.count == Int(total), "one line per dead letter")
        }
    }

    /// Numbers are grouped with commas on the page; text must be identical (escaping undone by the parser).
    static func sameValues(_ page: [String], _ csv: [String]) -> Bool {
        guard page.count == csv.count else { return false }
        return zip(page, csv).allSatisfy { shown, expected in
            Double(expected) != nil ? shown.replacingOccurrences(of: ",", with: "") == expected : shown == expected
        }
    }
}

/// Debian's `chromium` in headless mode.
enum Browser {
    static let path = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A private profile directory per test run, so parallel runs never share Chromium's profile lock.
    static func run(_ arguments: [String], profile: String) throws -> Command.Output {
        try Command.run(
            [
                path ?? "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--user-data-dir=\(profile)",
            ] + arguments)
    }
}

/// RFC 4180 CSV, as `--format csv` writes it (quoted fields may hold commas, quotes and newlines).
enum CSV {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = text.makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "\"" {
                    guard let next = characters.next() else { quoted = false; break }
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        if next == "," {
                            row.append(field); field = ""
                        } else if next == "\n" {
                            row.append(field); rows.append(row); row = []; field = ""
                        }
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field); field = ""
            } else if character == "\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

/// The cells of one table in a DOM serialised by the browser: header row first, then body rows.
enum HTMLTables {
    static func rows(ofTableWithID id: String, in html: String) -> [[String]]? {
        guard let start = html.range(of: "<table id=\"\(id)\""),
            let end = html[start.upperBound...].range(of: "</table>")
        else { return nil }
        let table = html[start.upperBound..<end.lowerBound]
        return table.matches(of: /<tr>(.*?)<\/tr>/).map { row in
            row.1.matches(of: /<t[hd][^>]*>(.*?)<\/t[hd]>/).map { decode(String($0.1)) }
        }
    }

    /// The entities a DOM serialiser writes in text.
    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&amp;", with: "&")
    }
}
