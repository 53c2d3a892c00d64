/// The bounds of every quantity, distance and amount a command may carry, and of their sums
/// in state. They lie far beyond anything a fleet meets and far below where 64-bit
/// arithmetic overflows, so a typo is refused with a clear message and no sum can trap.
public enum Limits {
    /// Pieces in one stock movement, booking or reservation.
    public static let quantity = 1_000_000
    /// Pieces of one part at one location (after a receipt, a transfer or an adjustment).
    public static let stockPerLocation = 1_000_000_000
    /// An odometer reading, km: ten times what the longest-running locomotives reach.
    public static let odometerKm = 100_000_000
    /// The most a vehicle plausibly runs in a day: a locomotive at 120 km/h round the clock.
    /// A reading further above the last than this per day since is refused unless forced.
    public static let plausibleKmPerDay = 3000
    /// An exam interval: km and days.
    public static let intervalKm = 10_000_000
    public static let intervalDays = 36_500
    /// A part's unit cost, in minor units (a hundred million in the major unit).
    public static let unitCostMinor: Int64 = 10_000_000_000
    /// Minimum, maximum and reorder point of a part.
    public static let stockLevel = stockPerLocation
    /// A part's lead time, days.
    public static let leadTimeDays = 3650
    /// Roads (tracks) of one workshop.
    public static let roads = 1000
    /// An event counter of one device: a billion events a year for nine billion years.
    public static let counter: Int64 = 1 << 62

    /// Checks that a value lies in a closed range, naming it and the range when it does not.
    public static func require<T: BinaryInteger>(_ value: T, in range: ClosedRange<T>, _ what: String)
        throws(DomainError)
    {
        guard range.contains(value) else {
            throw .invalid("\(what) must be from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
    }
}

extension FixedWidthInteger where Self: SignedInteger {
    /// The sum, held at the type's bounds rather than trapping: folds apply events from
    /// other replicas and older versions, which the bounds of today's commands never saw.
    public func saturatingAdd(_ other: Self) -> Self {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// The product, held at the bounds rather than trapping.
    public func saturatingMultiply(_ other: Self) -> Self {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }
}
