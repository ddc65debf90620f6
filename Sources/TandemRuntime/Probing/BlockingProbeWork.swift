import Foundation

/// Runs blocking network-check code off the caller's thread, on a thread of its own.
///
/// The socket probes are plain blocking code bounded by their deadline (plus one poll slice,
/// 250 ms). Each run gets its own short-lived thread: Dispatch's global queue runs only as
/// many blocking items at once as there are CPUs, so on a 2-core machine a third probe waited
/// for a thread and its timeout was measured from the wrong start (a 1 s HTTP timeout took
/// 7.6 s under test load); the cooperative Swift concurrency pool must not block at all. A
/// pod with a handful of probes at 1–10 s periods starts a few threads a second. Task
/// cancellation sets the deadline's flag, so a check without a timeout (an HTTP hook) still
/// stops within one poll slice.
enum BlockingProbeWork {
    static func run<Result: Sendable>(
        timeout: Duration?,
        _ body: @escaping @Sendable (ProbeDeadline) -> Result
    ) async -> Result {
        let flag = CancellationFlag()
        let deadline = ProbeDeadline(after: timeout, cancellation: flag)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
                let thread = Thread {
                    continuation.resume(returning: body(deadline))
                }
                thread.name = "tandem-probe"
                thread.start()
            }
        } onCancel: {
            flag.cancel()
        }
    }
}
