import NIOCore
import Synchronization

/// Bytes of memory shared by every connection of the server: taken before a request spends them, given back
/// after. The per-request limit (`--max-body-bytes`) bounds one request, not all of them at once: before this,
/// 100 connections each sending a 3 MiB AdmissionReview held 100 bodies (376 MB peak resident), and 32 at once
/// whose pods took the injector's full path peaked at 225 MB, near the example Deployment's 256 Mi limit: an
/// OOM kill, and with `failurePolicy: Ignore` pods admitted without the sidecar while the webhook restarts.
/// Where the kube-apiserver's `--max-requests-inflight` answers the excess 429, this makes it wait (a failed
/// webhook call admits the pod without its sidecar under `failurePolicy: Ignore`), and the wait is backpressure:
/// ``WebhookHTTPHandler`` stops reading the connection, and the client's bytes wait in the kernel's socket
/// buffers and the client's, not in ours.
///
/// Waiters are served first come, first served (a large request is not passed over for ever by small ones), each
/// woken on its own event loop. A taker never asks for more than `capacity`, so every waiter is served once the
/// takers before it give back; takers that never wait while holding bytes (``WebhookHTTPHandler`` takes a body's
/// whole declared length before reading any of it) cannot deadlock each other.
final class ByteBudget: Sendable {
    /// A waiter's place in line, to withdraw it when its connection closes.
    struct Ticket: Hashable, Sendable {
        fileprivate let number: UInt64
    }

    private struct Waiter {
        var ticket: Ticket
        var bytes: Int
        var eventLoop: any EventLoop
        var granted: @Sendable () -> Void
    }

    private struct State {
        var available: Int
        var waiters = CircularBuffer<Waiter>()
        var nextTicket: UInt64 = 0
    }

    let capacity: Int
    private let state: Mutex<State>

    init(capacity: Int) {
        precondition(capacity > 0, "a budget needs bytes")
        self.capacity = capacity
        state = Mutex(State(available: capacity))
    }

    /// Bytes not taken now.
    var available: Int { state.withLock { $0.available } }

    /// Waiters in line now.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Takes `bytes` (at most `capacity`) when they are free and nobody waits before; false otherwise (nothing taken,
    /// no place in line). The common case, without `take`'s closure to allocate.
    func takeIfFree(_ bytes: Int) -> Bool {
        precondition(bytes >= 0 && bytes <= capacity, "\(bytes) bytes can never fit a budget of \(capacity)")
        return state.withLock { state in
            guard state.waiters.isEmpty && bytes <= state.available else { return false }
            state.available -= bytes
            return true
        }
    }

    /// Takes `bytes` (at most `capacity`) and returns nil when they are free and nobody waits before; otherwise
    /// puts the caller in line and returns its ticket: once the bytes are taken for it, `granted` runs on
    /// `eventLoop`, and the caller then holds them until it gives them back.
    func take(_ bytes: Int, on eventLoop: any EventLoop,
              whenGranted granted: @escaping @Sendable () -> Void) -> Ticket? {
        precondition(bytes >= 0 && bytes <= capacity, "\(bytes) bytes can never fit a budget of \(capacity)")
        return state.withLock { state in
            if state.waiters.isEmpty && bytes <= state.available {
                state.available -= bytes
                return nil
            }
            let ticket = Ticket(number: state.nextTicket)
            state.nextTicket += 1
            state.waiters.append(Waiter(ticket: ticket, bytes: bytes, eventLoop: eventLoop, granted: granted))
            return ticket
        }
    }

    /// Gives back bytes taken, and takes them for the waiters first in line that now fit.
    func giveBack(_ bytes: Int) {
        guard bytes > 0 else { return }
        let woken = state.withLock { state in
            state.available += bytes
            precondition(state.available <= capacity, "more bytes given back than taken")
            return Self.grant(&state)
        }
        for waiter in woken { waiter.eventLoop.execute(waiter.granted) }
    }

    /// Withdraws a waiter (its connection closed). False when its bytes were already taken for it: its `granted`
    /// is on its way, and the bytes are the caller's to give back.
    func withdraw(_ ticket: Ticket) -> Bool {
        let (found, woken) = state.withLock { state -> (Bool, [Waiter]) in
            guard let index = state.waiters.firstIndex(where: { $0.ticket == ticket }) else { return (false, []) }
            state.waiters.remove(at: index)
            // A large waiter leaving the head of the line may let the smaller ones behind it in.
            return (true, Self.grant(&state))
        }
        for waiter in woken { waiter.eventLoop.execute(waiter.granted) }
        return found
    }

    private static func grant(_ state: inout State) -> [Waiter] {
        var woken: [Waiter] = []
        while let first = state.waiters.first, first.bytes <= state.available {
            state.available -= first.bytes
            woken.append(state.waiters.removeFirst())
        }
        return woken
    }
}
