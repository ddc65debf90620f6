import TandemAPI

/// Decides how legacy sidecars of one pod spec become native sidecars (KEP-753): which containers
/// move to `initContainers` with `restartPolicy: Always`, where they go, which start-up hacks become
/// a `startupProbe`, which hack prefixes leave the mains' scripts, which sleeping preStops go; and
/// words a note for every change and every hack left alone.
public enum ConversionPlanner {
    /// Start-up probes replace wait loops with a budget of this many seconds: the loops waited
    /// forever, a probe that fails `failureThreshold` times restarts the sidecar (with the kubelet's
    /// back-off) and tries again, so the pod still converges; 30 s is also `tandem lint`'s default
    /// start-up budget, so the converted pod does not trip it.
    public static let startupBudgetSeconds = 30

    /// - Parameters:
    ///   - spec: the pod spec as decoded (not defaulted).
    ///   - podAnnotations: the pod's (or pod template's) annotations, for Istio's hold switch.
    ///   - sidecars: indices in `spec.containers` to convert, in any order.
    public static func plan(spec: PodSpec, podAnnotations: [String: String]?, sidecars: [Int]) -> ConversionPlan {
        var plan = ConversionPlan()
        let containers = spec.containers ?? []
        let initContainers = spec.initContainers ?? []
        var chosen = Array(Set(sidecars.filter { containers.indices.contains($0) })).sorted()
        // tandem's own universal pairs stay as they are, even when named (see `UniversalPairs`).
        let fallbacks = UniversalPairs.fallbacks(in: spec, annotations: podAnnotations)
        for index in chosen where fallbacks[index] != nil {
            let sidecar = fallbacks[index] ?? ""
            plan.notes.append(.init(changed: false, message:
                "left alone: \(GoQuoting.quote(containers[index].name ?? "")) is the fallback of tandem's universal sidecar \(GoQuoting.quote(sidecar)) (\(SidecarInjector.markerAnnotation(for: sidecar)): universal): not a legacy sidecar but the stand-in that runs the sidecar only where native sidecars do not work; tandem's universal pairs stay as they are"))
        }
        chosen.removeAll { fallbacks[$0] != nil }
        if !chosen.isEmpty, chosen.count == containers.count {
            plan.notes.append(.init(changed: false, message:
                "left alone: every container would become a sidecar (\(names(chosen.map { containers[$0] }))); a pod needs at least one regular container"))
            chosen = []
        }
        let chosenSet = Set(chosen)

        // Wait hacks of the containers that stay, with the sidecar each one waits for.
        struct Waiter {
            var section: ConversionPlan.Section
            var index: Int
            var container: Container
            var hack: StartupWaitHack
        }
        var waiters: [Waiter] = []
        for (index, container) in initContainers.enumerated() {
            if let hack = StartupWaitHack.find(in: container),
               hack.kind != .sleepBeforeStart || StartupWaitHack.podHasHelper(forInitContainer: true, index: index, in: spec) {
                waiters.append(Waiter(section: .initContainers, index: index, container: container, hack: hack))
            }
        }
        for (index, container) in containers.enumerated() where !chosenSet.contains(index) {
            if let hack = StartupWaitHack.find(in: container),
               hack.kind != .sleepBeforeStart || StartupWaitHack.podHasHelper(forInitContainer: false, index: index, in: spec) {
                waiters.append(Waiter(section: .containers, index: index, container: container, hack: hack))
            }
        }
        // Each port's first chosen sidecar, and each waiter's, computed once: looked up per pair
        // the plan took cubic time in the number of containers.
        var sidecarByPort: [Int: Int] = [:]
        for index in chosen {
            for port in ports(of: containers[index]) where sidecarByPort[port] == nil { sidecarByPort[port] = index }
        }
        func sidecar(for target: WaitTarget?) -> Int? {
            guard let target, target.isLocal else { return nil }
            return sidecarByPort[target.port]
        }
        let waiterSidecars = waiters.map { sidecar(for: $0.hack.target) }
        var waitersBySidecar: [Int: [Int]] = [:]
        for (offset, target) in waiterSidecars.enumerated() {
            if let target { waitersBySidecar[target, default: []].append(offset) }
        }

        // Moves, with a startup probe from the first hack that names the sidecar's port.
        let annotationHack = StartupWaitHack.find(inAnnotations: podAnnotations)
        for index in chosen {
            let container = containers[index]
            var move = ConversionPlan.Move(containerIndex: index, name: container.name ?? "", startupProbe: nil,
                                           dropPreStop: false, dropLifecycle: false)
            let name = GoQuoting.quote(container.name ?? "")
            var sources = (waitersBySidecar[index] ?? []).map { waiters[$0] }
                .map { (hack: $0.hack, from: "the wait in \(GoQuoting.quote($0.container.name ?? ""))") }
            if let annotationHack, sidecar(for: annotationHack.target) == index {
                sources.append((annotationHack, "the annotation \(annotationHack.location)"))
            }
            if container.startupProbe == nil, let source = sources.first, let target = source.hack.target {
                let probe = startupProbe(for: target, interval: source.hack.kind == .pollLoop ? source.hack.intervalSeconds : nil)
                move.startupProbe = probe
                plan.notes.append(.init(changed: true, message:
                    "added startupProbe to \(name) from \(source.from): \(describe(probe)), so later containers start once it answers"))
            }
            for hack in ShutdownHack.find(in: container) {
                if hack.kind == .preStopSleep, hack.location == .preStop {
                    move.dropPreStop = true
                    let lifecycle = container.lifecycle
                    move.dropLifecycle = lifecycle?.postStart == nil && lifecycle?.stopSignal == nil
                    plan.notes.append(.init(changed: true, message:
                        "dropped the sleeping preStop of \(name) (\(hack.excerpt)): a native sidecar stops only after the regular containers have"))
                } else {
                    plan.notes.append(.init(changed: false, message: "left alone: \(describe(hack)) in \(name) \(hack.location)"))
                }
            }
            plan.moves.append(move)
        }
        if !plan.moves.isEmpty {
            plan.insertionIndex = insertionIndex(initContainers: initContainers, sidecars: chosen.map { containers[$0] })
            // Each sidecar's own place: they go in at the insertion index one after another.
            let moved = plan.moves.enumerated().map { offset, move in
                "\(GoQuoting.quote(move.name)) to initContainers[\(plan.insertionIndex + offset)]"
            }.joined(separator: ", ")
            plan.notes.insert(.init(changed: true, message: "moved \(moved) with restartPolicy: Always"), at: 0)
        }

        // The hacks: cut the ones a native sidecar now covers, report the rest.
        let probed = Set(plan.moves.filter { $0.startupProbe != nil || containers[$0.containerIndex].startupProbe != nil }.map(\.containerIndex))
        for (waiter, target) in zip(waiters, waiterSidecars) {
            let name = GoQuoting.quote(waiter.container.name ?? "")
            guard let target, probed.contains(target), let script = waiter.hack.remainingScript,
                  waiter.hack.location.isArgvElement else {
                plan.notes.append(.init(changed: false, message:
                    "left alone: \(waiter.hack.kind.rawValue) in \(name) \(waiter.hack.location) (\(leftAloneReason(waiter.hack, in: waiter.container, sidecar: target)))"))
                continue
            }
            plan.rewrites.append(.init(section: waiter.section, index: waiter.index, location: waiter.hack.location, script: script))
            plan.notes.append(.init(changed: true, message:
                "removed \(waiter.hack.kind.rawValue) from \(name) \(waiter.hack.location): \(GoQuoting.quote(containers[target].name ?? ""))'s startupProbe holds it now"))
        }
        for move in plan.moves {
            if let hack = StartupWaitHack.find(in: containers[move.containerIndex]) {
                plan.notes.append(.init(changed: false, message:
                    "left alone: \(hack.kind.rawValue) in \(GoQuoting.quote(move.name)) \(hack.location)"))
            }
        }
        if let annotationHack {
            plan.notes.append(.init(changed: false, message:
                "left alone: \(annotationHack.excerpt) in the pod's annotations (not needed by native sidecars: their startupProbe holds later containers)"))
        }
        for (index, container) in containers.enumerated() where !chosenSet.contains(index) {
            for hack in ShutdownHack.find(in: container) {
                plan.notes.append(.init(changed: false, message:
                    "left alone: \(describe(hack)) in \(GoQuoting.quote(container.name ?? "")) \(hack.location)"
                        + (plan.moves.isEmpty ? "" : " (native sidecars stop after the regular containers; remove it once nothing else needs it)")))
            }
        }
        for container in initContainers {
            for hack in ShutdownHack.find(in: container) {
                plan.notes.append(.init(changed: false, message:
                    "left alone: \(describe(hack)) in \(GoQuoting.quote(container.name ?? "")) \(hack.location)"))
            }
        }
        return plan
    }

    /// Before the first init container that needs one of the sidecars (waits for or names one of
    /// their ports on localhost), else after every init container.
    static func insertionIndex(initContainers: [Container], sidecars: [Container]) -> Int {
        let sidecarPorts = Set(sidecars.flatMap(ports(of:)))
        for (index, container) in initContainers.enumerated() {
            if let target = StartupWaitHack.find(in: container)?.target, target.isLocal, sidecarPorts.contains(target.port) {
                return index
            }
            let texts = (container.command ?? []) + (container.args ?? []) + (container.env ?? []).compactMap(\.value)
            if texts.contains(where: { !localPorts(in: $0).isDisjoint(with: sidecarPorts) }) { return index }
        }
        return initContainers.count
    }

    /// The ports named as `localhost:PORT` or `127.0.0.1:PORT` in `text` (a whole number after
    /// the colon: `localhost:80` is not in `localhost:8080`). One pass, so that many init
    /// containers and many sidecar ports cost their sum, not their product.
    static func localPorts(in text: String) -> Set<Int> {
        var result = Set<Int>()
        for host in ["localhost:", "127.0.0.1:"] {
            var rest = Substring(text)
            while let range = rest.range(of: host) {
                rest = rest[range.upperBound...]
                let digits = rest.prefix(while: { $0.isASCII && $0.isNumber }).prefix(6)
                if let port = Int(digits) { result.insert(port) }
            }
        }
        return result
    }

    /// The ports a container serves: declared `containerPort`s and its probes' ports.
    static func ports(of container: Container) -> Set<Int> {
        var result = Set((container.ports ?? []).compactMap { $0.containerPort.map(Int.init) })
        for probe in [container.readinessProbe, container.livenessProbe, container.startupProbe].compactMap({ $0 }) {
            for port in [probe.httpGet?.port, probe.tcpSocket?.port].compactMap({ $0 }) {
                switch port {
                case .int(let number): result.insert(Int(number))
                case .string(let name):
                    if let number = container.ports?.first(where: { $0.name == name })?.containerPort { result.insert(Int(number)) }
                }
            }
            if let grpc = probe.grpc?.port { result.insert(Int(grpc)) }
        }
        return result
    }

    /// The probe for a wait target: every `interval` seconds (the loop's own, at least 2 so the
    /// default 1 s timeout stays below the period), failing after `startupBudgetSeconds`. The
    /// kubelet probes the pod IP, where the hack's `localhost` reached the same network namespace:
    /// an endpoint bound to 127.0.0.1 only needs a `tcpSocket`/exec probe instead (the report says
    /// which endpoint was used).
    static func startupProbe(for target: WaitTarget, interval: Int?) -> Probe {
        let period = max(2, min(interval ?? 2, startupBudgetSeconds))
        let failures = max(1, (startupBudgetSeconds + period - 1) / period)
        switch target {
        case .http(let scheme, _, let port, let path):
            return Probe(httpGet: HTTPGetAction(path: path, port: .int(Int32(port)), scheme: scheme == "HTTPS" ? "HTTPS" : nil),
                         periodSeconds: Int32(period), failureThreshold: Int32(failures))
        case .tcp(_, let port):
            return Probe(tcpSocket: TCPSocketAction(port: .int(Int32(port))),
                         periodSeconds: Int32(period), failureThreshold: Int32(failures))
        }
    }

    private static func describe(_ probe: Probe) -> String {
        var action = ""
        if let httpGet = probe.httpGet {
            action = "httpGet \(httpGet.scheme == "HTTPS" ? "https" : "http") port \(httpGet.port?.description ?? "") path \(httpGet.path ?? "/")"
        } else if let tcp = probe.tcpSocket {
            action = "tcpSocket port \(tcp.port?.description ?? "")"
        }
        let period = Int(probe.periodSeconds ?? 10)
        let failures = Int(probe.failureThreshold ?? 3)
        return "\(action) every \(period)s, failureThreshold \(failures) (up to \(period * failures)s)"
    }

    private static func describe(_ hack: ShutdownHack) -> String {
        switch hack.kind {
        case .preStopSleep: return "sleeping preStop (\(hack.excerpt))"
        case .quitEndpoint: return "exit call \(GoQuoting.quote(hack.excerpt))"
        case .kubexit: return "kubexit (\(GoQuoting.quote(hack.excerpt)))"
        case .linkerdAwaitShutdown: return "linkerd-await --shutdown"
        }
    }

    private static func leftAloneReason(_ hack: StartupWaitHack, in container: Container, sidecar: Int?) -> String {
        guard let target = hack.target else { return "what it waits for is not clear" }
        guard sidecar != nil else { return "\(target) is not a port of a converted sidecar" }
        if let refusal = cutRefusal(hack, in: container) { return refusal }
        return "the sidecar has no startupProbe"
    }

    /// Why a wait can never be cut from `container`, whichever sidecar it waits for, or nil when
    /// it can be (once that sidecar is converted with a startupProbe). Shared with `tandem lint`,
    /// so that its advice says what convert does.
    static func cutRefusal(_ hack: StartupWaitHack, in container: Container) -> String? {
        guard hack.remainingScript == nil || !hack.location.isArgvElement else { return nil }
        if hack.location.isArgvElement, ContainerArgv(command: container.command, args: container.args).shellScript == nil {
            // `["./wait-for-it.sh", "db:5432", "--", "./server"]`: no script to cut a prefix from.
            let wrapped = ((container.command ?? []) + (container.args ?? [])).contains("--")
                ? ": to drop it, set the command to what follows \"--\"" : ""
            return "\(hack.kind.rawValue) is the container's command itself, not a step of a sh -c script\(wrapped)"
        }
        if hack.kind == .pollLoop, hack.excerpt.hasPrefix("for ") {
            return "a for loop gives up after its last try and runs the rest anyway: more than a wait"
        }
        return "not a pure prefix of a sh -c script: only the wait, and echoes announcing it before, can be cut"
    }

    private static func names(_ containers: [Container]) -> String {
        containers.map { GoQuoting.quote($0.name ?? "") }.joined(separator: ", ")
    }
}
