/// An aggregate's state as named, human-readable fields: what audit states and diffs show.
///
/// Fields are listed in a fixed order; a field without a value is left out, so a diff
/// shows it appearing or disappearing.
public struct AggregateFields: Sendable, Equatable, Codable {
    public struct Field: Sendable, Equatable, Codable {
        public let name: String
        public let value: String
    }

    public let fields: [Field]

    /// No fields: an aggregate before its first event.
    public static let empty = AggregateFields([])

    public subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    init(_ pairs: [(String, String?)]) {
        fields = pairs.compactMap { name, value in value.map { Field(name: name, value: $0) } }
    }

    /// - Parameters:
    ///   - aggregate: the state shown.
    ///   - name: an entity's everyday name (a fleet number, a workshop's name), so that the
    ///     fields read as people speak; ids are shown where it knows none.
    public init(_ aggregate: AnyAggregate, naming name: (AggregateRef) -> String? = { _ in nil }) {
        func called(_ kind: AggregateKind, _ id: String?) -> String? { id.map { name(AggregateRef(kind, $0)) ?? $0 } }
        switch aggregate {
        case .vehicle(let a):
            let v = a.body
            self.init(
                [
                    ("fleet number", v.fleetNumber.value), ("evn", v.evn.value), ("class", v.vehicleClass.value),
                    ("kind", v.kind.value?.rawValue),
                    ("keeper", v.keeper.value), ("depot", v.depot.value),
                    ("commissioned", v.commissionedOn.value.map(UTC.formatDay)),
                    ("status", v.isRegistered ? v.currentStatus.rawValue : nil),
                    ("status reason", v.statusReason.value.flatMap { $0.isEmpty ? nil : $0 }),
                    ("odometer km", v.isRegistered ? String(v.odometerKm) : nil),
                    ("tags", v.tags.elements.isEmpty ? nil : v.tags.elements.sorted().joined(separator: ", ")),
                ]
                    + v.exams.keys.sorted().map { level in
                        ("last \(level) exam", v.exams[level]?.value.map { "\(UTC.formatDay($0.day)) at \($0.km) km" })
                    })
        case .workOrder(let a):
            let w = a.body
            let o = w.opened.value
            self.init([
                ("number", o?.number), ("vehicle", called(.vehicle, o?.vehicleID)), ("title", o?.title),
                ("type", o?.type.rawValue),
                ("priority", o?.priority.rawValue),
                ("exam level", o?.examLevel), ("defect", o?.defectID), ("status", o == nil ? nil : w.status.rawValue),
                ("workshop", called(.workshop, w.workshopID.value)), ("planned", w.plannedDay.value.map(UTC.formatDay)),
                (
                    "technicians",
                    w.technicians.elements.isEmpty ? nil : w.technicians.elements.sorted().joined(separator: ", ")
                ),
                ("tasks", w.tasks.elements.isEmpty ? nil : w.tasks.elements.sorted().joined(separator: "; ")),
                ("booked hours", w.bookedMinutes == 0 ? nil : BookedTime.text(minutes: w.bookedMinutes)),
                (
                    "parts booked",
                    w.partsBooked.isEmpty
                        ? nil
                        : w.partsBooked.sorted { $0.key < $1.key }.map {
                            "\(called(.part, $0.key) ?? $0.key) × \($0.value)"
                        }
                        .joined(separator: ", ")
                ),
                ("cost", w.cost.minorUnits == 0 ? nil : w.cost.formatted),
                ("failure code", w.failureCode.value.map(\.description)),
            ])
        case .part(let a):
            let p = a.body
            let m = p.master.value
            self.init(
                [
                    ("part number", m?.partNumber), ("name", m?.name), ("kind", m?.kind.rawValue),
                    ("reorder point", m.map { String($0.reorderPoint) }),
                    ("unit cost", m?.unitCost.formatted), ("reserved", p.reserved() == 0 ? nil : String(p.reserved())),
                ] + p.locations.map { ("on hand at \($0)", String(p.onHand(at: $0))) })
        case .defect(let a):
            let d = a.body
            let r = d.report.value
            self.init([
                ("vehicle", called(.vehicle, r?.vehicleID)), ("description", r?.description),
                ("severity", r?.severity.rawValue),
                ("system", r?.system),
                ("status", r == nil ? nil : (d.isClosed ? "closed" : "open")),
                (
                    "work orders",
                    d.workOrders.elements.isEmpty
                        ? nil
                        : d.workOrders.elements.sorted().compactMap { called(.workOrder, $0) }.joined(separator: ", ")
                ),
                ("resolution", d.resolution.value),
            ])
        case .user(let a): self.init([("name", a.body.name.value), ("role", a.body.role.value?.rawValue)])
        case .workshop(let a):
            let w = a.body.details.value
            self.init([
                ("name", w?.name), ("depot", w?.depot), ("roads", w.map { String($0.roads) }),
                ("skills", w?.skills.joined(separator: ", ")),
            ])
        case .device(let a):
            let retired = a.body.retirement
            self.init([
                ("name", a.body.enrolment.value?.name), ("public key", a.body.enrolment.value?.publicKey),
                ("enrolled by", a.body.enrolledBy.value),
                ("retired", retired.map { "after event \($0.lastCounter): \($0.reason)" }),
            ])
        case .model(let a):
            let p = a.body.production.value
            self.init([
                ("production", p.map { "\($0.version) (\($0.algorithm))" }),
                ("trained on", p.map { "events before \(UTC.format(ms: $0.windowEndMs))" }),
                ("digest", p?.digest),
                ("archived", a.body.archived.isEmpty ? nil : a.body.archived.joined(separator: ", ")),
            ])
        case .examPlan(let a):
            self.init(
                a.body.definedLevels.map {
                    (
                        "exam \($0.level)",
                        "every \($0.intervalKm) km or \($0.intervalDays) days, ±\($0.tolerancePercent) %"
                    )
                })
        }
    }

    /// What changed from `self` to `later`, field by field, in field order.
    public func changes(to later: AggregateFields) -> [FieldChange] {
        var names = fields.map(\.name)
        for f in later.fields where !names.contains(f.name) { names.append(f.name) }
        return names.compactMap { name in
            let before = self[name]
            let after = later[name]
            return before == after ? nil : FieldChange(field: name, before: before, after: after)
        }
    }
}

/// One field's change between two points.
public struct FieldChange: Sendable, Equatable, Codable {
    public let field: String
    public let before: String?
    public let after: String?
}
