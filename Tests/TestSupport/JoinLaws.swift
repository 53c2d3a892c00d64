public import Domain

/// The laws every join must keep, checked on states drawn from a seeded generator.
public enum JoinLaws {
    /// The laws broken, each with the round it broke in; empty when all hold.
    ///
    /// - Parameter make: draws one state; three are drawn per round.
    public static func violations<T: JoinSemilattice>(
        _ make: (inout SeededGenerator) -> T, seed: UInt64, rounds: Int = 200
    ) -> [String] {
        var rng = SeededGenerator(seed: seed)
        var broken: [String] = []
        for round in 0..<rounds {
            let a = make(&rng)
            let b = make(&rng)
            let c = make(&rng)
            if a.joined(with: b) != b.joined(with: a) { broken.append("commutative (round \(round))") }
            if a.joined(with: b).joined(with: c) != a.joined(with: b.joined(with: c)) {
                broken.append("associative (round \(round))")
            }
            if a.joined(with: a) != a { broken.append("idempotent (round \(round))") }
        }
        return broken
    }
}
