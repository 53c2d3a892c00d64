import Domain
import Foundation
import TestSupport

/// The command line as a command runner: each command the shared fixtures use, as a person
/// would type it (ids are accepted wherever a number or name is), read back from `--json`.
extension CLIProcess: CommandRunner {
    func perform(_ command: Command, as user: String) throws -> [AggregateRef] {
        let result = try run(arguments(for: command) + ["--json"], user: user)
        guard result.status == 0 else { throw Failure("\(command.kind) failed: \(result.stderr)") }
        guard let events = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else {
            throw Failure("\(command.kind) printed no events")
        }
        return events.compactMap { event in
            guard let text = event["aggregate"] as? String, let slash = text.firstIndex(of: "/"),
                let kind = AggregateKind(rawValue: String(text[..<slash]))
            else { return nil }
            return AggregateRef(kind, String(text[text.index(after: slash)...]))
        }
    }

    private func arguments(for command: Command) throws -> [String] {
        switch command {
        case .addUser(let name, let role): return ["user", "add", name, "--role", role.rawValue]
        case .registerWorkshop(let w):
            return ["workshop", "add", "--name", w.name, "--depot", w.depot, "--roads", String(w.roads)]
        case .registerVehicle(let v):
            return [
                "vehicle", "add", "--fleet-number", v.fleetNumber, "--evn", v.evn, "--class", v.vehicleClass, "--kind",
                v.kind.rawValue, "--odometer-km", String(v.odometerKm),
            ] + (v.depot.map { ["--depot", $0] } ?? [])
        case .registerPart(let p):
            return [
                "part", "add", "--part-number", p.partNumber, "--name", p.name, "--kind", p.kind.rawValue,
                "--reorder-point", String(p.reorderPoint), "--unit-cost", Money.decimal(p.unitCost),
            ]
        case .receiveStock(let part, let location, let quantity, _):
            return ["stock", "receive", "--part", part, "--qty", String(quantity), "--location", location]
        case .openWorkOrder(let vehicle, let title, let type, let priority, _, _):
            return [
                "wo", "open", "--vehicle", vehicle, "--title", title, "--type", type.rawValue, "--priority",
                priority.rawValue,
            ]
        case .advanceWorkOrder(let wo, let stage, _):
            let verbs: [WorkOrderStage: String] = [
                .approved: "approve", .planned: "plan", .inProgress: "start", .technicallyComplete: "complete",
                .releasedToService: "release", .closed: "close",
            ]
            guard let verb = verbs[stage] else { throw Failure("no CLI verb for \(stage)") }
            return ["wo", verb, wo]
        case .assignWorkOrder(let wo, let workshop, let technician):
            return ["wo", "assign", wo] + (workshop.map { ["--workshop", $0] } ?? [])
                + (technician.map { ["--technician", $0] } ?? [])
        default: throw Failure("the CLI runner does not type \(command.kind) yet")
        }
    }
}

extension Money {
    /// As the command line takes an amount: `185.00`.
    static func decimal(_ money: Money) -> String {
        "\(money.minorUnits / 100).\(money.minorUnits % 100 < 10 ? "0" : "")\(money.minorUnits % 100)"
    }
}
