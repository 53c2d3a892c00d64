import Domain
import Foundation
import Storage
import TestSupport
import Testing

@testable import Hub

/// The hub refuses a request it has seen, for as long as that request's time would pass.
@Suite struct ReplayTests {
    @Test func aRequestStampedAheadCannotBeReplayedOnceTheFirstSightIsAWindowOld() async throws {
        let office = try StoreFixture()
        try office.run(.addUser(name: "tom", role: .technician))
        let hub = try HubSync(path: office.path)
        let now = RailFleetStore.systemMs()
        let window = SignedRequest.windowMs
        // Stamped near the front of the window: valid until its time plus the window.
        let request = try office.store.sign(
            method: "GET", target: HubWire.statusPath, body: Data(), atMs: now + window - 60_000)
        func send(at ms: Int64) async throws {
            _ = try await hub.authenticate(
                request, method: "GET", target: HubWire.statusPath, body: Data(), nowMs: ms)
        }
        try await send(at: now)
        for later in [now + 1_000, now + window + 30_000] {
            await #expect(throws: RequestRefusal.self, "a replay at +\((later - now) / 1000) s") {
                try await send(at: later)
            }
        }
    }
}
