import Domain
import Foundation
import Testing

@Suite struct CanonicalJSONTests {
    static let samples: [DomainEvent] = [
        .vehicleRegistered(
            VehicleRegistered(
                fleetNumber: "186-001", evn: "918061860014", vehicleClass: "Class \"186\"", kind: .locomotive,
                keeper: nil, depot: "Köln Hbf 🚆", commissionedOn: -5, odometerKm: 0)),
        .workOrderOpened(
            WorkOrderOpened(
                number: "WO-1", vehicleID: "V-1", title: "tab\there\nline\\slash/ and \u{1}", type: .corrective,
                priority: .urgent, examLevel: nil, defect: "東京", defectID: "D-1")),
        .stockMoved(
            StockMoved(
                reason: .transfer, legs: [.init(location: "A", delta: -3), .init(location: "B", delta: 3)],
                workOrderID: nil, note: nil)),
        .vehicleStatusChanged(
            VehicleStatusChanged(
                status: .outOfService, reason: "crack", supersedes: [EventID(device: DeviceID("d:1"), counter: 9)])),
        .hoursBooked(
            HoursBooked(minutes: 150, technician: "tara", rate: Money(minorUnits: Int64.max, currency: "EUR"))),
        .failureCodeRecorded(
            FailureCodeRecorded(code: FailureCode(system: "brakes", mode: "drag", cause: "valve", remedy: "replace"))),
    ]

    @Test(arguments: samples)
    func everyEventRoundTrips(event: DomainEvent) throws {
        let bytes = try EventCodec.encode(event)
        #expect(
            try EventCodec.decode(type: event.eventType, schemaVersion: event.schemaVersion, payload: Data(bytes))
                == event)
        // And Foundation's decoder reads the same bytes the same way: it is real JSON.
        #expect((try? JSONSerialization.jsonObject(with: Data(bytes))) != nil)
    }

    @Test func keysAreSortedAndThereIsNoWhitespace() throws {
        let text = String(decoding: try EventCodec.encode(Self.samples[2]), as: UTF8.self)
        #expect(text == #"{"legs":[{"delta":-3,"location":"A"},{"delta":3,"location":"B"}],"reason":"transfer"}"#)
    }

    @Test(arguments: [
        "{", #"{"km":}"#, #"{"km":1,"source":"t"} x"#, #"{"km":"many","source":"t"}"#, #"{"km":1e999999,"source":"t"}"#,
        "[1,2",
    ])
    func malformedPayloadsAreRefused(text: String) {
        #expect(throws: DomainError.self) {
            try EventCodec.decode(type: "OdometerRecorded", schemaVersion: 2, payload: Data(text.utf8))
        }
    }
}
