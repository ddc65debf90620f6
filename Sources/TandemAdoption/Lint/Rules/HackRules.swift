import TandemAPI

/// `startup-wait-hack` and `shutdown-hack`, over the recognisers in `Hacks/` (shared with `tandem convert`).
enum HackRules {
    static func check(_ pod: PodContext, into findings: inout [RawFinding]) {
        let legacy = Set(LegacySidecars.find(in: pod.spec, isJob: pod.isJob).map(\.index))
        let all = pod.allContainers
        for (position, entry) in all.enumerated() {
            let mainIndex = position - pod.initContainers.count
            let isLegacySidecar = mainIndex >= 0 && legacy.contains(mainIndex)
            let name = pod.quoted(entry.container)
            if !entry.isSidecar, !isLegacySidecar, let hack = StartupWaitHack.find(in: entry.container) {
                findings.append(RawFinding(
                    LintRules.startupWaitHack, "\(entry.path).\(hack.location)",
                    "\(name) waits for a helper by hand: \(GoQuoting.quote(hack.excerpt))",
                    fix: startupFix(hack.target)))
            }
            for hack in ShutdownHack.find(in: entry.container) {
                let message: String
                let fix: String
                switch hack.kind {
                case .preStopSleep:
                    guard entry.isSidecar || isLegacySidecar else { continue }
                    message = "sidecar \(name) outlives the main containers with a preStop that only sleeps (\(GoQuoting.quote(hack.excerpt)))"
                    fix = entry.isSidecar
                        ? "remove the preStop: the kubelet stops native sidecars only after every main container has exited"
                        : "make \(name) a native sidecar (initContainers, restartPolicy: Always) and remove the preStop sleep"
                case .quitEndpoint:
                    message = "\(name) stops a helper by calling \(hack.target.map { GoQuoting.quote($0.description) } ?? GoQuoting.quote(hack.excerpt))"
                    fix = "make the helper a native sidecar, which the kubelet stops after the main containers exit, and remove the call"
                case .kubexit:
                    message = "\(name) uses kubexit to stop together with its peers (\(GoQuoting.quote(hack.excerpt)))"
                    fix = "make the helpers native sidecars and drop kubexit"
                case .linkerdAwaitShutdown:
                    message = "\(name) shuts the Linkerd proxy down itself with linkerd-await --shutdown"
                    fix = "run linkerd-proxy as a native sidecar and drop --shutdown"
                }
                findings.append(RawFinding(LintRules.shutdownHack, "\(entry.path).\(hack.location)", message, fix: fix))
            }
        }
        checkAnnotations(pod, into: &findings)
    }

    /// Istio's hold-application switch, where it is written (template annotations win, as in `PodContext`).
    static func checkAnnotations(_ pod: PodContext, into findings: inout [RawFinding]) {
        guard let hack = StartupWaitHack.find(inAnnotations: pod.annotations),
              case .annotation(let key) = hack.location else { return }
        let metadataPath = pod.specPath == "spec" ? "metadata" : String(pod.specPath.dropLast("spec".count)) + "metadata"
        let path = pod.templateAnnotationKeys.contains(key) || pod.specPath == "spec"
            ? "\(metadataPath).annotations[\(key)]" : "metadata.annotations[\(key)]"
        findings.append(RawFinding(
            LintRules.startupWaitHack, path,
            "Istio holds the application until the proxy starts (\(GoQuoting.quote(hack.excerpt))): the proxy is a regular container and the hold is a postStart hook on it",
            fix: "use Istio's native sidecar mode (ENABLE_NATIVE_SIDECARS): the proxy then runs as an init container with restartPolicy: Always and a startupProbe on \(hack.target.map { GoQuoting.quote($0.description) } ?? "its readiness port"); drop the annotation"))
    }

    static func startupFix(_ target: WaitTarget?) -> String {
        switch target {
        case .http(let scheme, _, let port, let path)?:
            let https = scheme == "HTTPS" ? ", scheme HTTPS" : ""
            return "make the helper a native sidecar with a startupProbe (httpGet \(GoQuoting.quote(path)) on port \(port)\(https)) and drop the wait (tandem convert does this)"
        case .tcp(_, let port)?:
            return "make the helper a native sidecar with a startupProbe (tcpSocket on port \(port)) and drop the wait (tandem convert does this)"
        case nil:
            return "make the helper a native sidecar with a startupProbe on what the wait checks, and drop the wait"
        }
    }
}
