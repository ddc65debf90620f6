import TandemAPI

/// `startup-wait-hack` and `shutdown-hack`, over the recognisers in `Hacks/` (shared with `tandem convert`).
enum HackRules {
    static func check(_ pod: PodContext, into findings: inout [RawFinding]) {
        let legacy = Set(pod.legacySidecars.map(\.index))
        let all = pod.allContainers
        let served = all.map { PortReferences.served(by: $0.container) }
        // What `tandem convert` would do to this pod, so the fixes say so only when it would.
        var plan: ConversionPlan?
        for (position, entry) in all.enumerated() {
            let mainIndex = position - pod.initContainers.count
            let isLegacySidecar = mainIndex >= 0 && legacy.contains(mainIndex)
            let name = pod.quoted(entry.container)
            if !entry.isSidecar, !isLegacySidecar, let hack = StartupWaitHack.find(in: entry.container),
               waitsForAHelper(hack, at: position, in: pod, served: served) {
                let conversion = plan ?? ConversionPlanner.plan(spec: pod.spec, podAnnotations: pod.podAnnotations,
                                                                sidecars: legacy.sorted())
                plan = conversion
                let section: ConversionPlan.Section = mainIndex >= 0 ? .containers : .initContainers
                let cut = conversion.rewrites.contains {
                    $0.section == section && $0.index == (mainIndex >= 0 ? mainIndex : position) && $0.location == hack.location
                }
                findings.append(RawFinding(
                    LintRules.startupWaitHack, "\(entry.path).\(hack.location)",
                    "\(name) waits for a helper by hand: \(GoQuoting.quote(hack.excerpt))",
                    fix: startupFix(hack, in: entry.container, at: position, of: pod, served: served, convertCuts: cut)))
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
    /// no sidecar replaces; a wait on a port only the waiting container itself serves (`./app &
    /// until curl localhost:8080/health …`) waits for its own server; a wait for the init side of
    /// tandem's universal pair is what holds the container where native sidecars do not work
    /// (the fallback then starts beside it), so it stays; a sleep, which names nothing, counts
    /// only in a pod with another container running while this one starts. Other waits on
    /// localhost count even without a helper in the manifest: meshes inject theirs at admission.
    /// `served` holds `PortReferences.served` of `pod.allContainers`, in order.
    static func waitsForAHelper(_ hack: StartupWaitHack, at position: Int, in pod: PodContext, served: [Set<Int>]) -> Bool {
        if let target = hack.target {
            guard target.isLocal else { return false }
            let others = served.indices.filter { $0 != position && served[$0].contains(target.port) }
            if others.isEmpty, served[position].contains(target.port) { return false }
            let universal = pod.universalSidecarNames
            let all = pod.allContainers
            if others.contains(where: { $0 < position && all[$0].isSidecar && universal.contains(all[$0].container.name ?? "") }) {
                return false
            }
        }
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

    /// The fix for a wait: "(tandem convert does this)" only when convert's plan for the pod cuts
    /// it (`convertCuts`); when a native sidecar declared before the waiter already serves the
    /// port with a startupProbe, the wait is redundant and goes by hand, with convert's reason
    /// for leaving it (`ConversionPlanner.cutRefusal`).
    static func startupFix(_ hack: StartupWaitHack, in container: Container, at position: Int, of pod: PodContext,
                           served: [Set<Int>], convertCuts: Bool) -> String {
        let probe: String
        switch hack.target {
        case .http(let scheme, _, let port, let path)?:
            let https = scheme == "HTTPS" ? ", scheme HTTPS" : ""
            probe = "httpGet \(GoQuoting.quote(path)) on port \(port)\(https)"
        case .tcp(_, let port)?:
            probe = "tcpSocket on port \(port)"
        case nil:
            return "make the helper a native sidecar with a startupProbe on what the wait checks, and drop the wait"
        }
        let refusal = ConversionPlanner.cutRefusal(hack, in: container)
        let all = pod.allContainers
        if let target = hack.target, let holder = all.indices.first(where: {
            $0 < position && all[$0].isSidecar && all[$0].container.startupProbe != nil && served[$0].contains(target.port)
        }) {
            let why = refusal.map { "tandem convert leaves it: \($0)" } ?? "tandem convert only cuts waits for the sidecars it converts"
            return "\(pod.quoted(all[holder].container)) is already a native sidecar with a startupProbe, which holds \(pod.quoted(container)) until it passes: the wait is redundant, remove it by hand (\(why))"
        }
        let fix = "make the helper a native sidecar with a startupProbe (\(probe)) and drop the wait"
        if convertCuts { return fix + " (tandem convert does this)" }
        if let refusal { return fix + " by hand (tandem convert leaves this wait: \(refusal))" }
        return fix
    }
}
