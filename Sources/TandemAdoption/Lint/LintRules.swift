/// The catalogue of every rule `tandem lint` has, in the order they are documented.
public enum LintRules {
    public static let invalid = LintRule(
        id: "invalid", severity: .error,
        what: "The API server would reject the object (any `tandem validate` error), with its wording.",
        why: "Nothing else matters until the object can be created; reported once per field error.",
        fix: "Correct the field as the message says.")
    public static let nativeSidecarUnsupported = LintRule(
        id: "native-sidecar-unsupported", severity: .error,
        what: "An init container with `restartPolicy: Always` on a Kubernetes version (`--kubernetes-version`) without native sidecars on by default.",
        why: "Before 1.28 the field does not exist; on 1.28 it needs the SidecarContainers feature gate, and without it the container is a regular init container that never exits, so the pod never starts.",
        fix: "Target 1.29 or later, or enable the SidecarContainers feature gate on 1.28.")
    public static let legacySidecar = LintRule(
        id: "legacy-sidecar", severity: .warning,
        what: "A long-running helper (proxy, log shipper, auth or SQL proxy, collector…) declared as a regular container.",
        why: "Regular containers start in parallel, so mains may run before the helper is ready; in a Job the helper never exits and the pod never completes; on shutdown it gets SIGTERM at the same time as the mains.",
        fix: "Move it to `initContainers` with `restartPolicy: Always` (`tandem convert` does this).")
    public static let startupWaitHack = LintRule(
        id: "startup-wait-hack", severity: .warning,
        what: "A container waits for a helper by hand: `until curl localhost…; do sleep`, `while ! …`, `sleep N && exec` (the script's first step, in a pod with another container), linkerd-await, `pilot-agent wait`, Istio's holdApplicationUntilProxyStarts (unless the proxy is a native sidecar with a startupProbe). Waits on other hosts are for services, not helpers; a wait on a port only the waiting container serves is for its own server; a wait for the init side of tandem's universal pair is what holds the container where native sidecars do not work.",
        why: "Native sidecars with a startupProbe make the kubelet start the next container only once the sidecar is started; the hand-written wait races, hides failures and delays every start.",
        fix: "Make the helper a native sidecar with a startupProbe on what the loop polls, and drop the loop.")
    public static let shutdownHack = LintRule(
        id: "shutdown-hack", severity: .warning,
        what: "A helper is kept alive or stopped by hand: a `preStop` that only sleeps on a sidecar, `/quitquitquit` or `/shutdown` calls, kubexit or wait-for-it style wrappers.",
        why: "Native sidecars are stopped by the kubelet after every main has exited, in reverse order; the hacks spend grace period and break when timings change.",
        fix: "Make the helper a native sidecar and remove the sleep, the shutdown call or the wrapper.")
    public static let sidecarWithoutRequests = LintRule(
        id: "sidecar-without-requests", severity: .warning,
        what: "A native sidecar without CPU and memory requests.",
        why: "A sidecar's requests count for the whole life of the pod (effective request = max(init peak, sum of mains + sidecars)); without them the scheduler and quotas undercount the pod.",
        fix: "Set `resources.requests.cpu` and `resources.requests.memory` on the sidecar.")
    public static let sidecarWithoutMemoryLimit = LintRule(
        id: "sidecar-without-memory-limit", severity: .info,
        what: "A native sidecar without a memory limit (a CPU limit is a choice, not a rule).",
        why: "A leaking sidecar can take the node's memory from the mains; a limit restarts the sidecar alone.",
        fix: "Set `resources.limits.memory` on the sidecar.")
    public static let sidecarDominatesRequests = LintRule(
        id: "sidecar-dominates-requests", severity: .warning,
        what: "A sidecar requests more CPU or memory than the largest main container.",
        why: "Usually a copy-paste of defaults: the helper then sets the pod's size and its cost.",
        fix: "Size the sidecar from its own usage, below the main containers'.")
    public static let sidecarWithoutStartupProbe = LintRule(
        id: "sidecar-without-startup-probe", severity: .warning,
        what: "A native sidecar without a startupProbe while a later container connects to one of its ports (for the init side of tandem's universal pair, which carries no startupProbe on purpose, only a container that does not wait for the port itself).",
        why: "Without a startupProbe the kubelet starts the next container as soon as the sidecar's process runs, before it listens.",
        fix: "Add a startupProbe (httpGet or tcpSocket) on the port the later container uses.")
    public static let startupBudget = LintRule(
        id: "startup-budget", severity: .warning,
        what: "Sidecar startupProbes and postStart hooks can hold the pod's start back longer than the threshold (default 30 s).",
        why: "Sidecars start one after another and each blocks the next until its startupProbe passes (initialDelay + period × failureThreshold at worst); postStart hooks block too.",
        fix: "Shorten the probes' periods or failure thresholds, or the hooks; or raise `thresholds.startupBudgetSeconds`.")
    public static let terminationBudget = LintRule(
        id: "termination-budget", severity: .warning,
        what: "The shutdown chain (mains' preStop and exit, then sidecars in reverse order with their preStop) does not fit `terminationGracePeriodSeconds`.",
        why: "Computed with the kubelet's own termination rules on a virtual clock: what does not fit gets its SIGTERM at the deadline, before its turn, or is SIGKILLed, so ordered termination silently becomes a race or a kill.",
        fix: "Raise `terminationGracePeriodSeconds` to the length the message shows, or shorten the preStop hooks.")
    public static let initUsesLaterSidecar = LintRule(
        id: "init-uses-later-sidecar", severity: .error,
        what: "An init container connects to a port of a sidecar declared after it.",
        why: "Init containers run in order: the sidecar is not started yet, so the init container fails or hangs.",
        fix: "Declare the sidecar before the init container that uses it.")
    public static let probeLivenessEqualsReadiness = LintRule(
        id: "probe-liveness-equals-readiness", severity: .warning,
        what: "A sidecar's livenessProbe is identical to its readinessProbe.",
        why: "A slow moment then restarts the sidecar instead of just marking the pod unready, taking the mains' network or logs down with it.",
        fix: "Make liveness more lenient (a higher failureThreshold or a cheaper check) than readiness.")
    public static let probeTimeoutNotBelowPeriod = LintRule(
        id: "probe-timeout-not-below-period", severity: .warning,
        what: "A liveness or readiness probe's timeoutSeconds is at least its periodSeconds.",
        why: "The kubelet never runs a probe twice at once, so the probe runs late and its thresholds mean longer than they say (startup probes, often polled every second, are left alone).",
        fix: "Keep timeoutSeconds below periodSeconds.")
    public static let probeSingleFailureRestart = LintRule(
        id: "probe-single-failure-restart", severity: .info,
        what: "A sidecar's liveness or startup probe restarts it after a single failure (failureThreshold: 1).",
        why: "One slow response restarts the sidecar, and every container behind it loses its helper.",
        fix: "Use failureThreshold 3 (the default) or more.")
    public static let suppressionWithoutReason = LintRule(
        id: "suppression-without-reason", severity: .warning,
        what: "A `lint.tandem.dev/ignore` entry without a reason, or naming no known rule.",
        why: "A suppression should say why the finding does not apply, so the next reader can judge it.",
        fix: "Write the entry as `rule-id: reason`, entries separated by commas or new lines.")

    /// Every rule, in documentation order.
    public static let all: [LintRule] = [
        invalid, nativeSidecarUnsupported, legacySidecar, startupWaitHack, shutdownHack,
        sidecarWithoutRequests, sidecarWithoutMemoryLimit, sidecarDominatesRequests, sidecarWithoutStartupProbe,
        startupBudget, terminationBudget, initUsesLaterSidecar,
        probeLivenessEqualsReadiness, probeTimeoutNotBelowPeriod, probeSingleFailureRestart,
        suppressionWithoutReason,
    ]

    /// The rule with this ID, if any.
    public static func rule(_ id: String) -> LintRule? { all.first { $0.id == id } }
}
