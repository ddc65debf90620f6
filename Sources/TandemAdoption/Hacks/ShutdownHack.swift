import TandemAPI

/// A workaround for the order in which a pod's containers stop, which native sidecars make
/// unnecessary: the kubelet stops mains first and then sidecars in reverse order (KEP-753,
/// `killContainersWithSyncResult` in kuberuntime), and a Job completes when its mains do.
///
/// Recognised: a `preStop` that only sleeps (exec `sleep N`, `sh -c "sleep N"`, or the `sleep`
/// action) so a proxy outlives the app; calls to a helper's exit endpoint (`/quitquitquit` of Envoy,
/// Istio's pilot-agent and cloud-sql-proxy, Linkerd's `/shutdown`) with curl or wget or as an
/// httpGet preStop, so a Job's helper exits; kubexit (by program or `KUBEXIT_*` variables) and
/// `linkerd-await --shutdown`. wait-for-it is a start-up wrapper: see `StartupWaitHack`.
public struct ShutdownHack: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case preStopSleep = "prestop-sleep"
        case quitEndpoint = "quit-endpoint"
        case kubexit
        case linkerdAwaitShutdown = "linkerd-await-shutdown"
    }

    public var kind: Kind
    public var location: HackLocation
    /// The hack as written, for messages.
    public var excerpt: String
    /// How long a sleeping preStop holds the container, when the command says.
    public var sleepSeconds: Int64?
    /// The exit endpoint called, for `.quitEndpoint` when clear.
    public var target: WaitTarget?

    public init(kind: Kind, location: HackLocation, excerpt: String, sleepSeconds: Int64? = nil, target: WaitTarget? = nil) {
        self.kind = kind
        self.location = location
        self.excerpt = excerpt
        self.sleepSeconds = sleepSeconds
        self.target = target
    }

    /// Every shutdown hack of the container, preStop first, then its command line, then its env.
    public static func find(in container: Container) -> [ShutdownHack] {
        var hacks: [ShutdownHack] = []
        if let preStop = container.lifecycle?.preStop {
            hacks += inPreStop(preStop)
        }
        let argv = ContainerArgv(command: container.command, args: container.args)
        if let script = argv.shellScript {
            hacks += inScript(script.text, at: script.location)
        } else if let first = argv.words.first {
            hacks += inWords(argv.texts, excerpt: argv.texts.joined(separator: " "), at: first.location)
        }
        if !hacks.contains(where: { $0.kind == .kubexit }),
           let index = container.env?.firstIndex(where: { ($0.name ?? "").hasPrefix("KUBEXIT_") }) {
            let variable = container.env?[index]
            hacks.append(ShutdownHack(kind: .kubexit, location: .env(index: index),
                                      excerpt: "\(variable?.name ?? "")=\(variable?.value ?? "")"))
        }
        return hacks
    }

    private static func inPreStop(_ handler: LifecycleHandler) -> [ShutdownHack] {
        if let sleep = handler.sleep {
            return [ShutdownHack(kind: .preStopSleep, location: .preStop, excerpt: "sleep: {seconds: \(sleep.seconds ?? 0)}",
                                 sleepSeconds: sleep.seconds)]
        }
        if let httpGet = handler.httpGet, let path = httpGet.path, isQuitPath(path) {
            var target: WaitTarget?
            if case .int(let port)? = httpGet.port {
                target = .http(scheme: (httpGet.scheme ?? "HTTP").uppercased(), host: httpGet.host ?? "localhost",
                               port: Int(port), path: path)
            }
            return [ShutdownHack(kind: .quitEndpoint, location: .preStop, excerpt: "httpGet \(path)", target: target)]
        }
        guard let command = handler.exec?.command, !command.isEmpty else { return [] }
        let argv = ContainerArgv(command: command, args: nil)
        let statements: [[String]]
        let text: String
        if let script = argv.shellScript {
            text = script.text
            statements = ShellScript(script.text).statements.map(\.texts)
        } else {
            text = command.joined(separator: " ")
            statements = [command]
        }
        let sleeps = statements.filter { WaitTarget.programName($0.first ?? "") == "sleep" }
        let others = statements.filter { WaitTarget.programName($0.first ?? "") != "sleep" && !["echo", "printf", ":", "true"].contains($0.first ?? "") }
        if !sleeps.isEmpty, others.isEmpty {
            let total = sleeps.compactMap { $0.count == 2 ? StartupWaitHack.seconds($0[1]) : nil }.reduce(0, +)
            return [ShutdownHack(kind: .preStopSleep, location: .preStop, excerpt: text,
                                 sleepSeconds: sleeps.allSatisfy { $0.count == 2 } && total > 0 ? Int64(total) : nil)]
        }
        if let script = argv.shellScript {
            return inScript(script.text, at: .preStop)
        }
        return inWords(command, excerpt: text, at: .preStop)
    }

    /// Hacks among the statements of a `sh -c` script.
    private static func inScript(_ text: String, at location: HackLocation) -> [ShutdownHack] {
        var hacks: [ShutdownHack] = []
        for statement in ShellScript(text).statements {
            hacks += inWords(statement.texts, excerpt: String(text[statement.range]), at: location)
            for word in statement.words {
                for inner in ShellScript.substitutions(in: word.text) {
                    for innerStatement in inner.statements {
                        hacks += inWords(innerStatement.texts, excerpt: String(inner.text[innerStatement.range]), at: location)
                    }
                }
            }
        }
        return hacks
    }

    /// A hack made by one command (program and its arguments).
    private static func inWords(_ words: [String], excerpt: String, at location: HackLocation) -> [ShutdownHack] {
        guard let first = words.first else { return [] }
        switch WaitTarget.programName(first) {
        case "curl", "wget":
            let urls = words.dropFirst().filter { !$0.hasPrefix("-") }.compactMap(WaitTarget.url)
            guard let url = urls.first(where: { if case .http(_, _, _, let path) = $0 { return isQuitPath(path) } else { return false } })
            else { return [] }
            return [ShutdownHack(kind: .quitEndpoint, location: location, excerpt: excerpt, target: url)]
        case "kubexit":
            return [ShutdownHack(kind: .kubexit, location: location, excerpt: excerpt)]
        case "linkerd-await":
            let options = words.prefix(while: { $0 != "--" })
            guard options.contains(where: { $0 == "--shutdown" || $0 == "-S" }) else { return [] }
            return [ShutdownHack(kind: .linkerdAwaitShutdown, location: location, excerpt: options.joined(separator: " "))]
        default:
            return []
        }
    }

    /// `/quitquitquit` (Envoy, pilot-agent, cloud-sql-proxy) or `/shutdown` (Linkerd).
    static func isQuitPath(_ path: String) -> Bool {
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        return last == "quitquitquit" || last == "shutdown"
    }
}
