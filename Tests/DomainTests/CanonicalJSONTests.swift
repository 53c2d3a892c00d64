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

/// Every integer and floating-point type, alone, in arrays and in objects: each is
/// written as a number and read back as itself (they used to recurse without end).
@Suite struct CanonicalJSONNumberTests {
    struct Numbers: Codable, Equatable {
        var i8: Int8 = -128
        var i16: Int16 = -32_768
        var i32: Int32 = .min
        var u: UInt = .max
        var u8: UInt8 = 255
        var u16: UInt16 = 65_535
        var u32: UInt32 = .max
        var u64: UInt64 = .max
        var f: Float = 0.1
        var whole: Float = 3
        var bytes: [UInt8] = [0, 1, 255]
        var data = Data([9, 8, 7])
        var small: [Int16] = [-1, 2]
        var floats: [Float] = [1.5, -0.25]
    }

    @Test func everyNumberTypeRoundTripsInObjectsAndArrays() throws {
        let value = Numbers()
        let bytes = try CanonicalJSON.encode(value)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"i8\":-128") && text.contains("\"u64\":18446744073709551615"))
        #expect(text.contains("\"f\":0.1") && text.contains("\"whole\":3") && text.contains("\"bytes\":[0,1,255]"))
        #expect(try CanonicalJSON.decode(Numbers.self, from: bytes) == value)
    }

    @Test func aNumberAloneRoundTrips() throws {
        #expect(try CanonicalJSON.decode(Int8.self, from: try CanonicalJSON.encode(Int8(-7))) == -7)
        #expect(try CanonicalJSON.decode(UInt16.self, from: try CanonicalJSON.encode(UInt16(7))) == 7)
        #expect(try CanonicalJSON.decode(Float.self, from: try CanonicalJSON.encode(Float(2.5))) == 2.5)
        #expect(try CanonicalJSON.decode([UInt8].self, from: try CanonicalJSON.encode([UInt8]([1, 2]))) == [1, 2])
    }

    @Test func numbersThatDoNotFitAreRefusedNotWrapped() {
        #expect(throws: DecodingError.self) { try CanonicalJSON.decode(Int8.self, from: Array("300".utf8)) }
        #expect(throws: DecodingError.self) { try CanonicalJSON.decode(UInt8.self, from: Array("-1".utf8)) }
        #expect(throws: EncodingError.self) { try CanonicalJSON.encode(Float.nan) }
    }
}
