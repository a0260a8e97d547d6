/// Colours for categories: one fixed qualitative palette (Tableau 10 plus two), assigned in the
/// alphabetical order of the category names so that a category has the same colour in every chart.
package struct ChartPalette: Sendable {
    private static let colours = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#2f4b7c", "#8cd17d",
    ]
    /// Reports with one series (top customers, the multi-region histogram) use this.
    package static let accent = "#4e79a7"

    package let names: [String]
    private let indexes: [String: Int]

    package init(names: some Sequence<String>) {
        self.names = Array(Set(names)).sorted()
        indexes = Dictionary(uniqueKeysWithValues: self.names.enumerated().map { ($1, $0) })
    }

    package func colour(_ name: String) -> String {
        Self.colours[(indexes[name] ?? 0) % Self.colours.count]
    }

    /// An HTML legend: one swatch and name per entry.
    package func legend() -> String {
        "<ul class=\"legend\">"
            + names.map { name in
                "<li><span class=\"swatch\" style=\"background:\(colour(name))\"></span>\(HTMLText.escape(name))</li>"
            }.joined() + "</ul>"
    }
}
