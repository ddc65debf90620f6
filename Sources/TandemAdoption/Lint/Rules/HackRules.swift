import TandemAPI

/// `startup-wait-hack` and `shutdown-hack`, over the recognisers in `Hacks/` (shared with `tandem convert`).
enum HackRules {
    static func check(_ pod: PodContext, into findings: inout [RawFinding]) {
        let legacy = Set(pod.legacySidecars.map(\.index))
        let all = pod.allContainers
        for (position, entry) in all.enumerated() {
            let mainIndex = position - pod.initContainers.count
            let isLegacySidecar = mainIndex >= 0 && legacy.contains(mainIndex)
            let name = pod.quoted(entry.container)
            if !entry.isSidecar, !isLegacySidecar, let hack = StartupWaitHack.find(in: entry.container),
               waitsForAHelper(hack, at: position, in: pod) {
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

    /// Whether a recognised wait is one for a helper of the pod, what the rule is about (see its
    /// `what`): a wait on another host (`until nc -z postgres 5432`) waits for a service, which
    /// no sidecar replaces; a sleep, which names nothing, counts only in a pod with another
    /// container running while this one starts. Waits on localhost count even without a helper
    /// in the manifest: meshes inject theirs at admission.
    static func waitsForAHelper(_ hack: StartupWaitHack, at position: Int, in pod: PodContext) -> Bool {
        if let target = hack.target, !target.isLocal { return false }
        guard hack.kind == .sleepBeforeStart else { return true }
        let isInit = position < pod.initContainers.count
        return StartupWaitHack.podHasHelper(forInitContainer: isInit, index: isInit ? position : position - pod.initContainers.count,
                                            in: pod.spec)
    }

    /// The name Istio's injector gives its proxy container, native or not.
    static let istioProxyName = "istio-proxy"

    /// Istio's hold-application switch, where it is written (template annotations win, as in
    /// `PodContext`). Istio honours it only for a proxy injected as a regular container, with a
    /// `pilot-agent wait` postStart hook; with native sidecars its injector ignores it (the
    /// template's `$holdProxy` is false when `$nativeSidecar`) and the proxy's startupProbe holds
    /// the later containers instead. So the switch is no finding when the manifest's proxy is
    /// already a native sidecar with a startupProbe, and the message says what the manifest has.
    static func checkAnnotations(_ pod: PodContext, into findings: inout [RawFinding]) {
        guard let hack = StartupWaitHack.find(inAnnotations: pod.annotations),
              case .annotation(let key) = hack.location else { return }
        let metadataPath = pod.specPath == "spec" ? "metadata" : String(pod.specPath.dropLast("spec".count)) + "metadata"
        let path = pod.templateAnnotationKeys.contains(key) || pod.specPath == "spec"
            ? "\(metadataPath).annotations[\(key)]" : "metadata.annotations[\(key)]"
        let endpoint = hack.target.map { GoQuoting.quote($0.description) } ?? "its readiness port"
        let held = "Istio holds the application until the proxy starts (\(GoQuoting.quote(hack.excerpt)))"
        let proxy = pod.allContainers.first { $0.container.name == istioProxyName }
        let message: String
        let fix: String
        switch proxy {
        case let proxy? where proxy.isSidecar:
            guard proxy.container.startupProbe == nil else { return }
            message = "\(held), but \(GoQuoting.quote(istioProxyName)) is a native sidecar without a startupProbe: Istio ignores the hold for native sidecars, where the proxy's startupProbe is what holds the application"
            fix = "add a startupProbe on \(endpoint) to \(GoQuoting.quote(istioProxyName)) and drop the annotation"
        case _?:
            message = "\(held): the proxy is a regular container and the hold is a postStart hook on it"
            fix = "use Istio's native sidecar mode (ENABLE_NATIVE_SIDECARS): the proxy then runs as an init container with restartPolicy: Always and a startupProbe on \(endpoint); drop the annotation"
        case nil:
            message = "\(held): unless Istio injects its proxy as a native sidecar (where it ignores the hold), the proxy is a regular container and the hold is a postStart hook on it"
            fix = "use Istio's native sidecar mode (ENABLE_NATIVE_SIDECARS): the proxy then runs as an init container with restartPolicy: Always and a startupProbe on \(endpoint); drop the annotation"
        }
        findings.append(RawFinding(LintRules.startupWaitHack, path, message, fix: fix))
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
