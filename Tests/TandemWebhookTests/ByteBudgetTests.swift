import NIOCore
import NIOEmbedded
import Synchronization
import Testing
@testable import TandemWebhook

/// ``ByteBudget`` alone: takes within the capacity, a line served in order on each waiter's own event loop,
/// withdrawals before and after a grant.
struct ByteBudgetTests {
    /// What the waiters' `granted` callbacks recorded, in the order they ran.
    final class Log: Sendable {
        let entries = Mutex<[String]>([])
        func callback(_ name: String) -> @Sendable () -> Void {
            { self.entries.withLock { $0.append(name) } }
        }
        var all: [String] { entries.withLock { $0 } }
    }

    @Test func takesWhatFitsAndLinesUpTheRestInOrder() {
        let budget = ByteBudget(capacity: 100)
        let loop = EmbeddedEventLoop()
        let log = Log()
        #expect(budget.take(60, on: loop, whenGranted: log.callback("first")) == nil)
        let large = budget.take(70, on: loop, whenGranted: log.callback("large"))
        // 30 bytes are free, but a small taker doesn't pass the large one waiting before it.
        let small = budget.take(10, on: loop, whenGranted: log.callback("small"))
        #expect(large != nil && small != nil)
        #expect(budget.available == 40)
        #expect(budget.waiting == 2)

        budget.giveBack(60)
        #expect(log.all == [])  // granted on the waiter's own event loop, not the giver's
        loop.run()
        #expect(log.all == ["large", "small"])
        #expect(budget.available == 20)
        budget.giveBack(70)
        budget.giveBack(10)
        #expect(budget.available == 100)
        #expect(budget.waiting == 0)
    }

    /// `takeIfFree`, the handler's first try: it takes what fits, but never passes a waiter, and never lines up.
    @Test func takeIfFreeTakesWhatFitsButNeverPassesAWaiter() {
        let budget = ByteBudget(capacity: 100)
        let loop = EmbeddedEventLoop()
        let log = Log()
        #expect(budget.takeIfFree(60))
        #expect(!budget.takeIfFree(50))
        #expect(budget.available == 40 && budget.waiting == 0)
        let large = budget.take(70, on: loop, whenGranted: log.callback("large"))
        #expect(large != nil)
        #expect(!budget.takeIfFree(10))  // 40 free, but the 70 waits first
        #expect(budget.available == 40 && budget.waiting == 1)
        budget.giveBack(60)
        loop.run()
        #expect(log.all == ["large"])
        #expect(budget.takeIfFree(30))
        #expect(budget.available == 0)
    }

    @Test func withdrawingAWaiterLetsTheOnesBehindItIn() {
        let budget = ByteBudget(capacity: 100)
        let loop = EmbeddedEventLoop()
        let log = Log()
        #expect(budget.take(50, on: loop, whenGranted: log.callback("first")) == nil)
        let large = budget.take(100, on: loop, whenGranted: log.callback("large"))
        let small = budget.take(40, on: loop, whenGranted: log.callback("small"))
        #expect(large.map(budget.withdraw) == true)
        loop.run()
        #expect(log.all == ["small"])
        #expect(budget.available == 10)
        // Already granted: not in line any more, its bytes are the caller's to give back.
        #expect(small.map(budget.withdraw) == false)
        budget.giveBack(40)
        budget.giveBack(50)
        #expect(budget.available == 100)
    }

    @Test func aWholeCapacityTakerWaitsForEveryByte() {
        let budget = ByteBudget(capacity: 100)
        let loop = EmbeddedEventLoop()
        let log = Log()
        #expect(budget.take(1, on: loop, whenGranted: log.callback("one")) == nil)
        #expect(budget.take(100, on: loop, whenGranted: log.callback("all")) != nil)
        loop.run()
        #expect(log.all == [])
        budget.giveBack(1)
        loop.run()
        #expect(log.all == ["all"])
        #expect(budget.available == 0)
    }
}
