import Domain
import Foundation
import TestSupport
import Testing

@testable import Storage

/// The binary bundle form: what goes in comes out, and damaged bytes are refused, never
/// trusted or crashed on.
@Suite struct BundleCodecTests {
    func makeBundle(seed: UInt64) throws -> (StoreFixture, EventBundle) {
        var rng = SeededGenerator(seed: seed)
        let a = try StoreFixture()
        let floor = try WorkshopFloor.build(with: a)
        let b = try StoreFixture(joining: a)
        for step in 0..<40 {
            let work = RandomWork.next(on: floor, step: step, using: &rng)
            _ = try? (rng.next() % 2 == 0 ? a : b).run(work.command, as: work.user)
        }
        try b.deliver(to: a)
        return (a, try a.store.bundle(after: VersionVector()))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func aBundleSurvivesItsBinaryFormAndMergesTheSame(seed: UInt64) throws {
        let (a, bundle) = try makeBundle(seed: seed)
        let decoded = try BundleCodec.decode(BundleCodec.encode(bundle))
        var expected = bundle
        expected.events = bundle.events.map {
            var e = $0
            e.hash = Data()
            return e
        }
        #expect(decoded == expected)
        // Without hashes it merges to the same replica as with them.
        let c = try StoreFixture(joining: a)
        c.nowMs = a.nowMs
        try c.store.merge(
            try BundleCodec.decode(BundleCodec.encode(try a.store.bundle(after: try c.store.versionVector()))))
        #expect(try c.store.dumpReadModels() == a.store.dumpReadModels())
        #expect(try c.store.verifyIntegrity().isIntact)
        // Events it already holds, sent again without hashes, are checked against what it holds.
        var again = try a.store.bundle(after: VersionVector())
        #expect(try c.store.merge(try BundleCodec.decode(BundleCodec.encode(again))).isEmpty)
        let i = try #require(again.events.firstIndex { $0.payload.contains("tara") })
        again.events[i].payload = again.events[i].payload.replacingOccurrences(of: "tara", with: "tora")
        let error = #expect(throws: StorageError.self) {
            try c.store.merge(try BundleCodec.decode(BundleCodec.encode(again)))
        }
        #expect(error?.refusal?.rule == .fork)
    }

    @Test func damagedBytesAreRefusedNeverTrusted() throws {
        let (_, bundle) = try makeBundle(seed: 7)
        let bytes = BundleCodec.encode(bundle)
        var rng = SeededGenerator(seed: 99)
        var refused = 0
        for trial in 0..<2_000 {
            var damaged = bytes
            if trial % 2 == 0 {
                damaged = damaged.prefix(Int(rng.next() % UInt64(damaged.count)))
            } else {
                for _ in 0..<(1 + rng.next() % 4) {
                    damaged[Int(rng.next() % UInt64(damaged.count))] ^= UInt8(1 + rng.next() % 255)
                }
            }
            // Either refused, or (a flip inside a payload's text, say) decoded into a bundle
            // that the merge's own checks will judge; never a crash.
            if (try? BundleCodec.decode(damaged)) == nil { refused += 1 }
        }
        #expect(refused > 1_000)
    }
}
