import Foundation

/// Work whose items stand alone (decoding rows, encoding states), spread over every core in
/// order-keeping chunks.
enum ParallelMap {
    /// - Parameters:
    ///   - items: what to transform.
    ///   - minimum: below this many items the work stays on the calling thread, where
    ///     starting the other cores would cost more than it saves.
    ///   - transform: the work for one item; must touch nothing shared.
    /// - Returns: the results in the items' order.
    /// - Throws: the first chunk's error, if any.
    static func map<Item, Result>(
        _ items: [Item], minimum: Int = 64, _ transform: (Item) throws -> Result
    ) throws -> [Result] {
        let chunks = items.count < minimum ? 1 : ProcessInfo.processInfo.activeProcessorCount
        guard chunks > 1 else { return try items.map(transform) }
        let size = (items.count + chunks - 1) / chunks
        let slots = Slots<Result>(count: chunks)
        defer { slots.release() }
        withoutActuallyEscaping(transform) { transform in
            let work = UncheckedWork(items: items, transform: transform)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                // Each iteration writes only its own slot.
                let range = min(work.items.count, c * size)..<min(work.items.count, (c + 1) * size)
                slots.set(c, Swift.Result { try work.items[range].map(work.transform) })
            }
        }
        return try slots.results().flatMap { try $0.get() }
    }
}

/// Items and a transform handed to the other cores: read only, and `ParallelMap.map`'s
/// callers promise the transform touches nothing shared.
private struct UncheckedWork<Item, Result>: @unchecked Sendable {
    let items: [Item]
    let transform: (Item) throws -> Result
}

/// Per-chunk results written by concurrent iterations, each to its own slot.
private final class Slots<Result>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Swift.Result<[Result], any Error>>
    private var filled = 0

    init(count: Int) { buffer = .allocate(capacity: count) }

    func set(_ i: Int, _ result: Swift.Result<[Result], any Error>) {
        guard let base = buffer.baseAddress else { preconditionFailure("no slots were allocated") }
        base.advanced(by: i).initialize(to: result)
    }

    /// Every slot, once `concurrentPerform` has returned (all are set by then).
    func results() -> [Swift.Result<[Result], any Error>] {
        filled = buffer.count
        return Array(buffer)
    }

    func release() {
        if filled > 0 { buffer.baseAddress?.deinitialize(count: filled) }
        buffer.deallocate()
    }
}
