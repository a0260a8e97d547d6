/// Parameters a report may take.
package struct ReportOptions: Sendable {
    /// The last day of top-customers' 30-day window (inclusive).
    package var asOf: CalendarDate
    /// monthly-sales: group by the customer's current region instead of the region at order time.
    package var currentRegion: Bool

    package init(asOf: CalendarDate, currentRegion: Bool = false) {
        self.asOf = asOf
        self.currentRegion = currentRegion
    }
}
