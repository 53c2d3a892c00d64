public struct PartRegistered: EventBody {
    public static let eventType = "PartRegistered"
    public var partNumber: String
    public var name: String
    public var kind: PartKind
    public var unit: String
    public var minimum: Int
    public var maximum: Int?
    public var reorderPoint: Int
    public var leadTimeDays: Int
    public var unitCost: Money
    public init(
        partNumber: String, name: String, kind: PartKind, unit: String, minimum: Int, maximum: Int?, reorderPoint: Int,
        leadTimeDays: Int, unitCost: Money
    ) {
        self.partNumber = partNumber
        self.name = name
        self.kind = kind
        self.unit = unit
        self.minimum = minimum
        self.maximum = maximum
        self.reorderPoint = reorderPoint
        self.leadTimeDays = leadTimeDays
        self.unitCost = unitCost
    }
}

/// One movement of stock: a receipt, an issue, a transfer (two legs) or an adjustment.
public struct StockMoved: EventBody {
    public static let eventType = "StockMoved"
    public struct Leg: Codable, Sendable, Hashable {
        public var location: String
        public var delta: Int
        public init(location: String, delta: Int) {
            self.location = location
            self.delta = delta
        }
    }
    public var reason: StockMoveReason
    public var legs: [Leg]
    public var workOrderID: String?
    public var note: String?
    public init(reason: StockMoveReason, legs: [Leg], workOrderID: String?, note: String?) {
        self.reason = reason
        self.legs = legs
        self.workOrderID = workOrderID
        self.note = note
    }
}

public struct StockReserved: EventBody {
    public static let eventType = "StockReserved"
    public var workOrderID: String
    public var location: String
    public var quantity: Int
    public init(workOrderID: String, location: String, quantity: Int) {
        self.workOrderID = workOrderID
        self.location = location
        self.quantity = quantity
    }
}

public struct ReservationReleased: EventBody {
    public static let eventType = "ReservationReleased"
    public var reservations: [EventID]
    public init(reservations: [EventID]) { self.reservations = reservations }
}
