import ArgumentParser
import CTandemWebhook
import Foundation
import Logging
import TandemAPI

/// `tandem webhook --tls-cert F --tls-key F --sidecar SIDECAR.yaml [--mode native|universal|auto] …`: the
/// mutating admission webhook that adds the sidecar to pods as the API server creates them. Runs in the
/// `tandem-webhook` executable (which `tandem webhook` execs) so the tandem binary never links NIO.
public struct WebhookCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tandem webhook",
        abstract: "Serve a mutating admission webhook that injects a sidecar into pods (HTTPS only).",
        discussion: "POST /mutate takes an admission.k8s.io/v1 AdmissionReview and answers with an add-only "
            + "JSONPatch; GET /healthz, /readyz and /metrics (Prometheus text). The certificate and key files are "
            + "re-read when they change. Pods opt out with the annotation sidecar.tandem.dev/inject: \"false\"; "
            + "injected pods carry the marker annotation sidecar.tandem.dev/NAME and are never injected twice. "
            + "SIGTERM or SIGINT shut the server down gracefully (SIGTERM after --shutdown-delay-seconds).")

    /// `--mode`: a fixed injection mode, or `auto` with `--native-nodes`.
    public enum Mode: String, ExpressibleByArgument, CaseIterable, Sendable {
        case native, universal, auto
    }

    @Option(name: .customLong("tls-cert"), help: "PEM serving certificate (chain) file; reloaded when it changes.")
    var tlsCert: String

    @Option(name: .customLong("tls-key"), help: "PEM private key file of the serving certificate.")
    var tlsKey: String

    @Option(help: "Sidecar definition file (YAML or JSON): the container to inject, optionally with volumes.")
    var sidecar: String

    @Option(help: "native, universal, or auto (chooses per pod with --native-nodes).")
    var mode: Mode = .native

    @Option(name: .customLong("native-nodes"),
            help: "For --mode auto: label:KEY[=VALUE] (pods pinned to nodes with that label get native) or kubelet>=VERSION (with --nodes).")
    var nativeNodes: String?

    @Option(help: "Node list (kubectl get nodes -o json) for --native-nodes kubelet>=VERSION; re-read when it changes.")
    var nodes: String?

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free port).")
    var listen: String = "127.0.0.1:8443"

    @Option(name: .customLong("namespace"), help: "Only inject pods in this namespace (repeatable; default: all).")
    var namespaces: [String] = []

    @Option(name: .customLong("exclude-namespace"), help: "Never inject pods in this namespace (repeatable; default: kube-system).")
    var excludedNamespaces: [String] = []

    @Option(name: .customLong("pod-selector"), help: "Only inject pods whose labels match this selector (kubectl syntax).")
    var podSelector: String?

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted (bytes; larger gets 413).")
    var maxBodyBytes: Int = WebhookServer.defaultBodyLimit

    @Option(name: .customLong("shutdown-delay-seconds"),
            help: "After SIGTERM, keep serving this long with /readyz failing, then stop (while the pod's endpoint is removed).")
    var shutdownDelaySeconds: Int = 0

    public init() {}

    public func validate() throws {
        if mode == .auto, nativeNodes == nil { throw ValidationError("--mode auto needs --native-nodes") }
        if let nativeNodes {
            guard mode == .auto else { throw ValidationError("--native-nodes only applies to --mode auto") }
            guard let policy = NativeNodesPolicy(parsing: nativeNodes) else {
                throw ValidationError("--native-nodes: expected label:KEY[=VALUE] or kubelet>=VERSION, got \(GoQuoting.quote(nativeNodes))")
            }
            if case .minimumKubelet = policy, nodes == nil {
                throw ValidationError("--native-nodes kubelet>=VERSION needs --nodes FILE")
            }
        }
        if nodes != nil, nativeNodes == nil { throw ValidationError("--nodes only applies to --native-nodes kubelet>=VERSION") }
        if ListenAddress(parsing: listen) == nil {
            throw ValidationError("--listen: expected HOST:PORT, got \(GoQuoting.quote(listen))")
        }
        if maxBodyBytes < 1 { throw ValidationError("--max-body-bytes must be positive") }
        if shutdownDelaySeconds < 0 { throw ValidationError("--shutdown-delay-seconds must not be negative") }
        if maxBodyBytes > JSONTape.maximumLength {
            throw ValidationError("--max-body-bytes must be at most \(JSONTape.maximumLength) (2 GiB)")
        }
        if let podSelector {
            do { _ = try LabelSelector(parsing: podSelector) } catch {
                throw ValidationError("--pod-selector: \(error)")
            }
        }
    }

    public func run() async throws {
        Self.returnLargeBuffersToTheSystem()
        var logger = Logger(label: "tandem.webhook")
        logger.logLevel = .info
        let metrics = WebhookMetrics()
        let address = ListenAddress(parsing: listen) ?? ListenAddress(host: "127.0.0.1", port: 8443)
        let server: WebhookServer
        do {
            let mutator = try SidecarMutatorLoader.load(path: sidecar)
            let modeChoice: AdmissionPolicy.ModeChoice = switch mode {
            case .native: .fixed(.native)
            case .universal: .fixed(.universal)
            case .auto: .auto(nativeNodes.flatMap(NativeNodesPolicy.init(parsing:)) ?? .nodeLabel(key: "", value: nil))
            }
            let policy = AdmissionPolicy(
                mode: modeChoice,
                excludedNamespaces: excludedNamespaces.isEmpty ? ["kube-system"] : Set(excludedNamespaces),
                includedNamespaces: Set(namespaces),
                podSelector: try podSelector.map(LabelSelector.init(parsing:)))
            let nodeList = try nodes.map { try NodeListFile(path: $0, logger: logger) }
            let handler = AdmissionReviewHandler(mutator: mutator, policy: policy,
                                                 nodes: { nodeList?.current() ?? [] })
            let certificates = try CertificateReloader(certificatePath: tlsCert, keyPath: tlsKey,
                                                       metrics: metrics, logger: logger)
            server = WebhookServer(handler: handler, certificates: certificates, metrics: metrics,
                                   host: address.host, port: address.port, bodyLimit: maxBodyBytes,
                                   shutdownDelay: .seconds(Int64(min(shutdownDelaySeconds, 86_400))), logger: logger)
        } catch {
            Self.fail("\(error)")
        }
        do {
            try await server.run { bound in
                FileHandle.standardOutput.write(Data("tandem webhook: listening on https://\(bound)\n".utf8))
            }
        } catch let error as ListenError {
            Self.fail("\(error)")
        } catch {
            Self.fail("server stopped: \(error)")
        }
    }

    /// Makes glibc's malloc serve every block of 128 KiB or more (request bodies, a large pod's text and index)
    /// with its own mapping, unmapped when freed. By default glibc raises that threshold to the size of the
    /// largest block freed (up to 32 MiB), so after the first 3 MiB body every later one comes from the event
    /// loops' malloc arenas, which keep what is freed; each arena then stays at its own high-water mark. With
    /// the server's budgets in place, 32 concurrent 3 MiB bodies of many small objects still peaked at 201–222 MB
    /// that way, 155 MB with the fixed threshold; 100 of them 243–256 MB and 159 MB. Small pods allocate nothing
    /// that large, and their throughput was unchanged. True when set (false without glibc).
    @discardableResult
    static func returnLargeBuffersToTheSystem() -> Bool {
        ctandem_webhook_set_mmap_threshold(128 * 1024) == 1
    }

    /// One line on stderr and exit 2, the house rule for bad input.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("tandem webhook: \(message)\n".utf8))
        Foundation.exit(2)
    }

    /// Parses and runs; usage errors are one line and exit 2 (not ArgumentParser's 64), `--help` exits 0.
    public static func runFromCommandLine(_ arguments: [String]) async {
        do {
            var command = try parseAsRoot(arguments)
            if let webhook = command as? WebhookCommand {
                try await webhook.run()
            } else {
                // `--help` parses as ArgumentParser's help command, whose run() reports it as a clean exit.
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                FileHandle.standardOutput.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(0)
            }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            fail(message)
        }
    }
}

/// `--listen HOST:PORT`; `[::1]:8443` for IPv6.
struct ListenAddress: Equatable {
    let host: String
    let port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}
