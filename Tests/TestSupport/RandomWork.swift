public import Domain

/// Everyday work on a workshop floor drawn from a seeded generator: odometer readings,
/// status changes, tags, stock received and issued, hours booked, a model promoted (on
/// several terminals at once, the latest counts everywhere). Property tests run it on
/// several replicas and check what must hold whatever was drawn.
public enum RandomWork {
    /// One piece of work and who does it; some are refused by the state they meet, which
    /// is part of the point.
    public static func next(
        on floor: WorkshopFloor.IDs, step: Int, using rng: inout SeededGenerator
    ) -> (command: Command, user: String) {
        let pick = { (choices: [String], rng: inout SeededGenerator) in choices[Int(rng.next() % UInt64(choices.count))]
        }
        switch rng.next() % 7 {
        case 0:
            let status = VehicleStatus.allCases[Int(rng.next() % UInt64(VehicleStatus.allCases.count))]
            return (
                .changeVehicleStatus(vehicleID: floor.vehicle, status: status, reason: "r\(step)"), WorkshopFloor.admin
            )
        case 1:
            let km = 2000 + step * 100 + Int(rng.next() % 50)
            return (.recordOdometer(vehicleID: floor.vehicle, km: km, source: "t"), WorkshopFloor.admin)
        case 2:
            let tag = pick(["winter", "ertms"], &rng)
            return (.tagVehicle(vehicleID: floor.vehicle, tag: tag, remove: rng.next() % 2 == 0), WorkshopFloor.admin)
        case 3:
            let location = pick(["main", "north"], &rng)
            let quantity = 1 + Int(rng.next() % 4)
            return (
                .receiveStock(partID: floor.part, location: location, quantity: quantity, note: nil),
                WorkshopFloor.admin
            )
        case 4:
            let quantity = 1 + Int(rng.next() % 3)
            return (
                .issueStock(partID: floor.part, location: "main", quantity: quantity, workOrderID: nil, note: nil),
                WorkshopFloor.admin
            )
        case 5:
            let digest = (0..<4).map { _ in String(rng.next(), radix: 16).leftPadded(16) }.joined()
            return (
                .promoteModel(
                    ModelPromoted(
                        model: pick(["failure", "parts"], &rng), version: String(digest.prefix(12)),
                        algorithm: "boosted-trees-calibrated", parameters: ["stepDays": "14"], windowEndMs: Int64(step),
                        knownEvents: VersionVector(), seed: step, digest: digest, metrics: ["rocAUC30": 0.8],
                        note: nil)),
                WorkshopFloor.admin
            )
        default:
            return (
                .bookHours(workOrderID: floor.workOrder, minutes: 30, technician: WorkshopFloor.technician),
                WorkshopFloor.technician
            )
        }
    }
}

extension String {
    /// Zeros in front, up to `width` characters.
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
