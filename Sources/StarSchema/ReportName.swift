/// The four analytical reports of the seed, with the semantics fixed by issue 2.
package enum ReportName: String, Sendable, CaseIterable {
    case monthlySales = "monthly-sales"
    case topCustomers = "top-customers"
    case productPerformance = "product-performance"
    case multiRegion = "multi-region"

    package var title: String {
        switch self {
        case .monthlySales: "Monthly sales by category and region"
        case .topCustomers: "Top repeat customers, last 30 days"
        case .productPerformance: "Product performance"
        case .multiRegion: "Customers ordering from more than one region"
        }
    }
}
