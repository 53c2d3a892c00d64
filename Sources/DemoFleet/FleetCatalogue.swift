import Domain

/// The demo's fixed world: classes and their plans, depots, parts, people.
enum FleetCatalogue {
    struct VehicleClass {
        let name: String
        let kind: VehicleKind
        let share: Double
        let fleetPrefix: String
        /// First eight EVN digits: type code, country (80 = Germany), class digits.
        let evnPrefix: String
        let dailyKm: Double
        /// Base daily failure probability of one vehicle.
        let baseHazard: Double
        let exams: [(level: String, km: Int, days: Int, includes: [String])]
        let systems: [(system: String, weight: Double)]

        /// The class's maintenance plan as the fleet defines it.
        var examLevels: [ExamLevelDefined] {
            exams.map {
                ExamLevelDefined(
                    vehicleClass: name, level: $0.level, intervalKm: $0.km, intervalDays: $0.days, tolerancePercent: 10,
                    includes: $0.includes)
            }
        }
    }

    static let classes: [VehicleClass] = [
        VehicleClass(
            name: "Class 425", kind: .multipleUnitCar, share: 0.4, fleetPrefix: "425", evnPrefix: "94800425",
            dailyKm: 620,
            baseHazard: 0.0016, exams: [("A", 10_000, 30, []), ("B", 60_000, 180, ["A"]), ("C", 300_000, 1080, ["B"])],
            systems: [("doors", 0.3), ("hvac", 0.2), ("brakes", 0.2), ("traction", 0.15), ("pantograph", 0.15)]),
        VehicleClass(
            name: "Class 186", kind: .locomotive, share: 0.25, fleetPrefix: "186", evnPrefix: "91806186", dailyKm: 700,
            baseHazard: 0.0014, exams: [("A", 20_000, 60, []), ("B", 80_000, 180, ["A"]), ("C", 240_000, 720, ["B"])],
            systems: [("traction", 0.35), ("brakes", 0.25), ("pantograph", 0.2), ("bogies", 0.2)]),
        VehicleClass(
            name: "Bpmz 291", kind: .coach, share: 0.2, fleetPrefix: "BPMZ", evnPrefix: "61802091", dailyKm: 540,
            baseHazard: 0.0010, exams: [("A", 15_000, 90, []), ("B", 90_000, 365, ["A"])],
            systems: [("doors", 0.35), ("hvac", 0.35), ("brakes", 0.2), ("bogies", 0.1)]),
        VehicleClass(
            name: "Sggrss 80", kind: .wagon, share: 0.15, fleetPrefix: "SGG", evnPrefix: "31804956", dailyKm: 380,
            baseHazard: 0.0008, exams: [("A", 30_000, 180, []), ("B", 120_000, 720, ["A"])],
            systems: [("brakes", 0.5), ("bogies", 0.4), ("couplers", 0.1)]),
    ]

    static let depots = ["Mannheim", "Koeln", "Muenchen", "Hamburg"]

    struct PartSpec {
        let number: String
        let name: String
        let kind: PartKind
        let costMinor: Int64
        let reorderPoint: Int
        let maximum: Int
        let leadTimeDays: Int
        /// The failure system it repairs, or nil for exam consumables.
        let system: String?
        /// Demand multiplier by month (1…12).
        let season: Season
    }

    /// Seasonal demand: brakes and pantographs suffer in winter, air conditioning in summer.
    enum Season {
        case winter, summer, flat
        func factor(_ month: Int) -> Double {
            switch self {
            case .winter: [12, 1, 2].contains(month) ? 1.8 : ([10, 11, 3].contains(month) ? 1.3 : 0.8)
            case .summer: [6, 7, 8].contains(month) ? 1.9 : ([5, 9].contains(month) ? 1.2 : 0.7)
            case .flat: 1
            }
        }
    }

    static let parts: [PartSpec] = [
        PartSpec(
            number: "BRK-PAD-01", name: "Brake pad set", kind: .consumable, costMinor: 18_500, reorderPoint: 30,
            maximum: 120, leadTimeDays: 10, system: "brakes", season: .winter),
        PartSpec(
            number: "BRK-VAL-02", name: "Brake control valve", kind: .rotable, costMinor: 240_000, reorderPoint: 3,
            maximum: 10, leadTimeDays: 30, system: "brakes", season: .winter),
        PartSpec(
            number: "DOR-MOT-01", name: "Door drive motor", kind: .rotable, costMinor: 96_000, reorderPoint: 4,
            maximum: 14, leadTimeDays: 21, system: "doors", season: .winter),
        PartSpec(
            number: "DOR-SEN-02", name: "Door edge sensor", kind: .consumable, costMinor: 12_000, reorderPoint: 10,
            maximum: 40, leadTimeDays: 7, system: "doors", season: .flat),
        PartSpec(
            number: "HVAC-CMP-01", name: "HVAC compressor", kind: .rotable, costMinor: 410_000, reorderPoint: 2,
            maximum: 8, leadTimeDays: 42, system: "hvac", season: .summer),
        PartSpec(
            number: "HVAC-FLT-02", name: "HVAC filter mat", kind: .consumable, costMinor: 2_400, reorderPoint: 60,
            maximum: 300, leadTimeDays: 5, system: nil, season: .summer),
        PartSpec(
            number: "PAN-STR-01", name: "Pantograph carbon strip", kind: .consumable, costMinor: 31_000,
            reorderPoint: 12, maximum: 50, leadTimeDays: 14, system: "pantograph", season: .winter),
        PartSpec(
            number: "TRC-BRG-01", name: "Traction motor bearing", kind: .consumable, costMinor: 54_000, reorderPoint: 6,
            maximum: 24, leadTimeDays: 28, system: "traction", season: .flat),
        PartSpec(
            number: "TRC-IGBT-02", name: "Converter IGBT module", kind: .rotable, costMinor: 780_000, reorderPoint: 2,
            maximum: 6, leadTimeDays: 56, system: "traction", season: .summer),
        PartSpec(
            number: "BOG-DMP-01", name: "Bogie yaw damper", kind: .rotable, costMinor: 67_000, reorderPoint: 4,
            maximum: 16, leadTimeDays: 21, system: "bogies", season: .flat),
        PartSpec(
            number: "CPL-HSE-01", name: "Coupler air hose", kind: .consumable, costMinor: 8_800, reorderPoint: 10,
            maximum: 40, leadTimeDays: 7, system: "couplers", season: .winter),
        PartSpec(
            number: "OIL-GBX-01", name: "Gearbox oil 20 l", kind: .consumable, costMinor: 9_500, reorderPoint: 20,
            maximum: 80, leadTimeDays: 5, system: nil, season: .flat),
        PartSpec(
            number: "AIR-FLT-01", name: "Compressor air filter", kind: .consumable, costMinor: 4_200, reorderPoint: 25,
            maximum: 100, leadTimeDays: 5, system: nil, season: .flat),
    ]

    /// Failure modes, causes and remedies per system, for failure codes.
    static let failureModes: [String: [(mode: String, cause: String, remedy: String)]] = [
        "doors": [
            ("fails to close", "worn drive belt", "replace motor"),
            ("obstruction fault", "sensor misaligned", "replace sensor"),
        ],
        "hvac": [
            ("no cooling", "compressor seizure", "replace compressor"),
            ("low airflow", "clogged filter", "replace filter"),
        ],
        "brakes": [("dragging brake", "valve sticking", "replace valve"), ("pad wear limit", "wear", "replace pads")],
        "traction": [
            ("converter trip", "IGBT failure", "replace module"),
            ("bearing noise", "lubrication loss", "replace bearing"),
        ],
        "pantograph": [("arcing", "strip worn", "replace strip")],
        "bogies": [("hunting", "damper leak", "replace damper")],
        "couplers": [("air leak", "hose cracked", "replace hose")],
    ]

    static let dispatchers = ["dana", "dirk"]
    static let planners = ["piet"]
    static let technicians = ["tomas", "tara", "ulla", "timo"]
    static let storekeeper = "sven"
    static let auditor = "audrey"
}
