import Dispatch

/// Runs blocking network-check code off the caller's thread.
///
/// The socket probes are plain blocking code bounded by their deadline; each run occupies one
/// Dispatch worker thread for at most its timeout (plus one poll slice, 250 ms). A pod with a
/// handful of probes at 1–10 s periods therefore holds a few threads at a time, never the
/// cooperative Swift concurrency pool. Task cancellation sets the deadline's flag, so a check
/// without a timeout (an HTTP hook) still stops within one poll slice.
enum BlockingProbeWork {
    static func run<Result: Sendable>(
        timeout: Duration?,
        _ body: @escaping @Sendable (ProbeDeadline) -> Result
    ) async -> Result {
        let flag = CancellationFlag()
        let deadline = ProbeDeadline(after: timeout, cancellation: flag)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
                DispatchQueue.global().async {
                    continuation.resume(returning: body(deadline))
                }
            }
        } onCancel: {
            flag.cancel()
        }
    }
}
