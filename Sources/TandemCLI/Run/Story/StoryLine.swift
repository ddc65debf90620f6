import TandemAPI
import TandemLifecycle

/// The one-line text of a narrated event on the terminal, and which events get a line at all.
///
/// Every fact gets its line except those another line already tells better: the kubelet's
/// `Created` (its `Started` follows at once), `BackOff` (tandem's `RestartScheduled` gives the delay)
/// and the pod termination's `Killing` ("Stopping container X" is recorded for every container at the
/// deletion's instant, in spec order — printed, it reads as if the sidecar stopped first; the
/// `SignalSent` and `ContainerExited` lines give the real order). Everything stays in events.jsonl.
enum StoryLine {
    static func isShown(_ event: NarratedEvent) -> Bool {
        guard event.source == .kubelet else { return true }
        switch event.reason {
        case "Created", "BackOff": return false
        case "Killing": return !event.message.hasPrefix("Stopping container ")
        default: return true
        }
    }

    /// `Sent SIGTERM to container app`; the kubelet's and the Job controller's events keep their
    /// reason (`Unhealthy: Liveness probe failed: …`), except `Started` and the Job controller's
    /// `SuccessfulCreate` (`Created pod: NAME`), whose messages say it all.
    static func text(_ event: NarratedEvent) -> String {
        let warning = event.type == "Warning" ? "Warning " : ""
        if event.source == .tandem || event.reason == "Started"
            || (event.reason == "SuccessfulCreate" && event.message.hasPrefix("Created pod: ")) {
            return warning + event.message
        }
        return "\(warning)\(event.reason): \(event.message)"
    }

    /// `proxy * +0.010s Sidecar proxy started (startupProbe passed)`, aligned with the container
    /// log prefixes (`proxy | …`) and terminal-safe.
    static func line(_ event: NarratedEvent, label: String, width: Int, clock: StoryClock) -> String {
        let shown = GoQuoting.printable(label)
        let padded = shown + String(repeating: " ", count: max(0, width - shown.count))
        return "\(padded) * \(clock.offset(event.at)) \(GoQuoting.printable(text(event)))\n"
    }
}

extension StoryLine {
    /// A line of tandem's own (`pod web Failed`), laid out like the event lines, without an offset.
    static func plainNote(_ message: String, label: String, width: Int) -> String {
        let shown = GoQuoting.printable(label)
        let padded = shown + String(repeating: " ", count: max(0, width - shown.count))
        return "\(padded) * \(GoQuoting.printable(message))\n"
    }
}
