/// An order as customer history sees it: when, which order, and the region it was placed from.
package struct HistoryPoint: Sendable, Hashable {
    package var key: EventKey
    package var region: String

    package init(key: EventKey, region: String) {
        self.key = key
        self.region = region
    }
}
