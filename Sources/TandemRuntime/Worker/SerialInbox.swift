import Synchronization

/// Runs posted work items one at a time, in order, on whichever thread posted while nobody
/// else was draining: a trampoline. Work posted from inside a work item (or from another
/// thread meanwhile) is queued and run by the current drainer, so items never run
/// concurrently and never re-enter each other, without a dedicated thread or task hop.
final class SerialInbox<Item: Sendable>: Sendable {
    private struct State {
        var queue: [Item] = []
        var head = 0
        var draining = false
    }

    private let state = Mutex(State())

    init() {}

    /// Queues `item`; runs it (and whatever is queued after it) through `drain` now, unless
    /// another caller is already draining (then that caller runs it).
    func post(_ item: Item, drain body: (Item) -> Void) {
        let mustDrain = state.withLock { state -> Bool in
            state.queue.append(item)
            if state.draining { return false }
            state.draining = true
            return true
        }
        guard mustDrain else { return }
        while let next = takeNext() {
            body(next)
        }
    }

    /// Queues `item` ahead of everything already queued (used by the drainer itself for facts
    /// that must be seen before anything reported meanwhile).
    func postFirst(_ items: [Item]) {
        guard !items.isEmpty else { return }
        state.withLock { state in
            state.queue.insert(contentsOf: items, at: state.head)
        }
    }

    private func takeNext() -> Item? {
        state.withLock { state -> Item? in
            guard state.head < state.queue.count else {
                state.queue.removeAll(keepingCapacity: true)
                state.head = 0
                state.draining = false
                return nil
            }
            let item = state.queue[state.head]
            state.head += 1
            return item
        }
    }
}
