import TandemAPI

/// A container that holds its own start until a helper is up, a workaround native sidecars make
/// unnecessary: a sidecar in `initContainers` with `restartPolicy: Always` and a `startupProbe`
/// starts, and must pass that probe, before any later container starts (KEP-753).
///
/// Recognised: `until curl|wget|nc …; do sleep …; done`, `while ! …; do …; done`,
/// `while true; do curl … && break; …; done` (or `if curl …; then break; fi`), bounded
/// `for i in $(seq 1 30); do nc … && break; …; done` (never cut: it gives up and goes on), such a loop under `timeout N sh -c '…'`, bash `/dev/tcp`
/// checks, `sleep N && exec …` (the sleep first),
/// linkerd-await, `pilot-agent wait` (in the command or a postStart hook), wait-for-it, and Istio's
/// hold-application annotations. `target` is set only when the command names exactly one URL or
/// port; `remainingScript` only when the hack is a pure prefix of a `sh -c` script.
public struct StartupWaitHack: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case pollLoop = "poll-loop"
        case sleepBeforeStart = "sleep-before-start"
        case linkerdAwait = "linkerd-await"
        case pilotAgentWait = "pilot-agent-wait"
        case waitForIt = "wait-for-it"
        case istioHoldAnnotation = "istio-hold-annotation"
    }

    public var kind: Kind
    public var location: HackLocation
    /// What the hack waits for, when clear.
    public var target: WaitTarget?
    /// The hack as written (the loop, the wrapper's words), for messages.
    public var excerpt: String
    /// The `sh -c` script without the hack (`exec ./app`), when the hack is a pure prefix: before
    /// it only announcements (`echo`/`printf` to the terminal, `:`) and shell options (`set -e`),
    /// a loop that only waits, and joined to the rest by `;`, `&&` or a newline. The rest starts
    /// right after the hack: what follows it is the program's work and is never cut, not even an
    /// `echo`. When a `set` of options precedes the hack, everything before the hack stays too.
    public var remainingScript: String?
    /// Seconds between polls (`sleep 2` in the loop) or the fixed delay of `sleep N && …`.
    public var intervalSeconds: Int?

    public init(kind: Kind, location: HackLocation, target: WaitTarget?, excerpt: String,
                remainingScript: String? = nil, intervalSeconds: Int? = nil) {
        self.kind = kind
        self.location = location
        self.target = target
        self.excerpt = excerpt
        self.remainingScript = remainingScript
        self.intervalSeconds = intervalSeconds
    }

    /// The first start-up wait hack in the container's command line or postStart hook.
    public static func find(in container: Container) -> StartupWaitHack? {
        let argv = ContainerArgv(command: container.command, args: container.args)
        if let script = argv.shellScript, let hack = inScript(script.text, at: script.location) {
            return hack
        }
        if let first = argv.words.first, let hack = wrapper(argv.texts, at: first.location) {
            return hack
        }
        if let command = container.lifecycle?.postStart?.exec?.command {
            let hookArgv = ContainerArgv(command: command, args: nil)
            if let script = hookArgv.shellScript, let hack = inScript(script.text, at: .postStart) {
                return StartupWaitHack(kind: hack.kind, location: .postStart, target: hack.target, excerpt: hack.excerpt,
                                       intervalSeconds: hack.intervalSeconds)
            }
            if let hack = wrapper(command, at: .postStart) { return hack }
        }
        return nil
    }

    /// Istio's "hold the application until the proxy starts" switch in pod (template) annotations:
    /// `sidecar.istio.io/holdApplicationUntilProxyStarts: "true"` or `holdApplicationUntilProxyStarts:
    /// true` inside `proxy.istio.io/config`. Its target is the proxy's readiness endpoint
    /// (`http://localhost:15021/healthz/ready`, the startupProbe Istio injects on native sidecars).
    public static func find(inAnnotations annotations: [String: String]?) -> StartupWaitHack? {
        guard let annotations else { return nil }
        let target = WaitTarget.http(scheme: "HTTP", host: "localhost", port: 15021, path: "/healthz/ready")
        for key in annotations.keys.sorted() {
            let value = annotations[key] ?? ""
            if key == "sidecar.istio.io/holdApplicationUntilProxyStarts", value.lowercased() == "true" {
                return StartupWaitHack(kind: .istioHoldAnnotation, location: .annotation(key: key), target: target,
                                       excerpt: "\(key): \(value)")
            }
            if key == "proxy.istio.io/config", holdsApplication(value) {
                return StartupWaitHack(kind: .istioHoldAnnotation, location: .annotation(key: key), target: target,
                                       excerpt: "\(key): holdApplicationUntilProxyStarts: true")
            }
        }
        return nil
    }

    /// `holdApplicationUntilProxyStarts` set to true in a ProxyConfig written as YAML or JSON.
    private static func holdsApplication(_ config: String) -> Bool {
        guard let range = config.firstRange(of: "holdApplicationUntilProxyStarts") else { return false }
        let rest = config[range.upperBound...].drop(while: { $0 == "\"" || $0 == "'" || $0 == " " })
        guard rest.first == ":" else { return false }
        let value = rest.dropFirst().drop(while: { $0 == " " || $0 == "\"" || $0 == "'" })
        return value.lowercased().hasPrefix("true")
    }
}

extension StartupWaitHack {
    /// A hack at the start of (or anywhere in) a `sh -c` script.
    ///
    /// `remainingScript` is what is left once the wait is cut, and only the wait is ever cut: the
    /// hack itself (a loop whose body only sleeps, announces or probes), and before it nothing but
    /// announcements (`echo`/`printf` to the terminal), or, when shell options (`set -euo
    /// pipefail`) come before it, nothing: then the whole prelude stays (shebang and comments are
    /// comments to the shell). Everything after the hack is the
    /// program's own work, an `echo` included (it may write a file, and its output is the
    /// program's), so the remaining script starts at the very next statement.
    static func inScript(_ text: String, at location: HackLocation) -> StartupWaitHack? {
        let script = ShellScript(text)
        let statements = script.statements
        var index = 0
        // Only announcements and shell options so far: the hack is a prefix that can be cut.
        var pure = true
        // A `set` of shell options before the wait (`set -euo pipefail`): it stays, and so does
        // everything before the wait with it (the shebang, comments, announcements).
        var keepsPrelude = false
        while index < statements.count {
            let statement = statements[index]
            if let loop = PollLoop(statements, at: index) {
                let rest = pure && loop.onlyWaits ? remainder(after: loop.end, in: statements) : nil
                let excerpt = String(text[statement.range.lowerBound..<statements[loop.end].range.upperBound])
                let prelude = keepsPrelude ? String(text[text.startIndex..<statement.range.lowerBound]) : ""
                return StartupWaitHack(kind: .pollLoop, location: location, target: loop.target, excerpt: excerpt,
                                       remainingScript: rest.map { prelude + script.text(from: $0) }, intervalSeconds: loop.interval)
            }
            if let loop = timeoutWait(statement) {
                // `timeout 60 sh -c 'until …; done'`: the whole statement is the wait.
                let rest = pure ? remainder(after: index, in: statements) : nil
                let prelude = keepsPrelude ? String(text[text.startIndex..<statement.range.lowerBound]) : ""
                return StartupWaitHack(kind: .pollLoop, location: location, target: loop.target, excerpt: String(text[statement.range]),
                                       remainingScript: rest.map { prelude + script.text(from: $0) }, intervalSeconds: loop.interval)
            }
            let program = statement.first.map(WaitTarget.programName)
            // A sleep delays the start only as the very first thing the script does, followed by
            // the rest of it (`sleep 5 && exec ./app`); a sleep between two steps of the work is
            // part of the work.
            if index == 0, program == "sleep", statement.words.count == 2,
               let seconds = seconds(statement.words[1].text), let rest = remainder(after: index, in: statements) {
                return StartupWaitHack(kind: .sleepBeforeStart, location: location, target: nil,
                                       excerpt: String(text[statement.range]),
                                       remainingScript: script.text(from: rest), intervalSeconds: seconds)
            }
            if var hack = wrapper(statement.texts, at: location) {
                hack.excerpt = String(text[statement.range])
                let prelude = keepsPrelude ? String(text[text.startIndex..<statement.range.lowerBound]) : ""
                if pure, hack.kind == .pilotAgentWait {
                    hack.remainingScript = remainder(after: index, in: statements).map { prelude + script.text(from: $0) }
                } else if pure, let dashes = statement.words.firstIndex(where: { $0.text == "--" }),
                          dashes + 1 < statement.words.count, index + 1 == statements.count {
                    // `linkerd-await -- ./app` / `wait-for-it db:5432 -- ./app`: keep what it wrapped.
                    hack.remainingScript = prelude + "exec " + String(text[statement.words[dashes + 1].range.lowerBound...])
                    hack.excerpt = String(text[statement.range.lowerBound..<statement.words[dashes].range.upperBound])
                }
                return hack
            }
            if isShellOptions(statement) {
                keepsPrelude = true
            } else if !isAnnouncement(statement) {
                pure = false
            }
            index += 1
        }
        return nil
    }

    /// The loop of `timeout [OPTION…] DURATION sh -c SCRIPT` when SCRIPT only waits: announcements,
    /// then a poll loop that only waits, and nothing after it.
    private static func timeoutWait(_ statement: ShellScript.Statement) -> PollLoop? {
        let words = statement.texts
        guard words.first.map(WaitTarget.programName) == "timeout" else { return nil }
        var index = 1
        while index < words.count, words[index].hasPrefix("-") {
            // `-s SIGNAL` and `-k DURATION` take the next word; `--signal=…`, `-v` and the rest do not.
            index += ["-s", "-k", "--signal", "--kill-after"].contains(words[index]) ? 2 : 1
        }
        guard index + 1 < words.count, seconds(words[index]) != nil || words[index].last.map({ "smhd".contains($0) }) == true,
              let inner = ContainerArgv(command: Array(words[(index + 1)...]), args: nil).shellScript else { return nil }
        let statements = ShellScript(inner.text).statements
        guard let start = statements.firstIndex(where: { !isAnnouncement($0) }),
              let loop = PollLoop(statements, at: start), loop.onlyWaits, loop.end == statements.count - 1 else { return nil }
        return loop
    }

    /// The index of the statement right after statement `end`, where the rest of the script
    /// starts; nil when nothing follows or `end` is joined to it by `||`, `|` or `&` (then the
    /// rest does not simply run after the wait).
    private static func remainder(after end: Int, in statements: [ShellScript.Statement]) -> Int? {
        guard [";", "&&", "\n"].contains(statements[end].separator), end + 1 < statements.count else { return nil }
        return end + 1
    }

    /// A statement that only prints a message to the container's output (`echo waiting for the
    /// proxy`, `printf '...' >&2`) or does nothing (`:`, `true`): harmless to cut along with the
    /// wait it announces. Not one that writes a file (`echo x > /tmp/f`), assigns or checks a
    /// variable (`: ${X:=1}`, `printf -v`, `${X:?}`) or runs a command (`$(…)`, backquotes).
    static func isAnnouncement(_ statement: ShellScript.Statement) -> Bool {
        let words = statement.texts
        switch words.first {
        case ":", "true": return words.count == 1
        case "echo", "printf": break
        default: return false
        }
        if words.first == "printf", words.dropFirst().contains(where: { $0.hasPrefix("-v") }) { return false }
        var index = 1
        while index < words.count {
            let word = words[index]
            index += 1
            if word.contains("$(") || word.contains("`") { return false }
            if word.contains("${"), word.contains("=") || word.contains("?") { return false }
            guard word.contains(">") || word.contains("<") else { continue }
            // Only redirections to the terminal or nowhere: `>&2`, `1>&2`, `2>/dev/null`, `> /dev/null`.
            let operatorEnd = word.drop(while: \.isNumber)
            guard operatorEnd.hasPrefix(">") else { return false }
            var target = String(operatorEnd.drop(while: { $0 == ">" }))
            if target.isEmpty {
                guard index < words.count else { return false }
                target = words[index]
                index += 1
            }
            guard ["&1", "&2", "/dev/null", "/dev/stdout", "/dev/stderr"].contains(target) else { return false }
        }
        return true
    }

    /// `set` with only options (`set -e`, `set -euo pipefail`, `set +x`): it changes how the
    /// shell runs the script, not what the script does, so a wait after it is still the script's
    /// first step (the `set` is kept when the wait is cut). Not `set -- ARGS` or `set VALUE`,
    /// which set the positional parameters.
    static func isShellOptions(_ statement: ShellScript.Statement) -> Bool {
        let words = statement.texts
        guard words.first == "set", words.count > 1 else { return false }
        var index = 1
        while index < words.count {
            let word = words[index]
            guard word.count > 1, word.first == "-" || word.first == "+", word != "--", !word.contains("$") else { return false }
            // `-o NAME`/`+o NAME` (also at the end of a cluster, `-euo pipefail`) takes the next word.
            if word.last == "o" {
                guard index + 1 < words.count, words[index + 1].allSatisfy({ $0.isLetter }) else { return false }
                index += 1
            }
            index += 1
        }
        return true
    }

    /// `5`, `5s` or `0.5` as whole seconds (at least 1).
    static func seconds(_ text: String) -> Int? {
        let number = text.hasSuffix("s") ? String(text.dropLast()) : text
        guard let value = Double(number), value >= 0, value < 86_400 else { return nil }
        return max(1, Int(value.rounded(.up)))
    }

    /// linkerd-await, `pilot-agent wait` or wait-for-it as the program of `words`.
    static func wrapper(_ words: [String], at location: HackLocation) -> StartupWaitHack? {
        guard let first = words.first else { return nil }
        let program = WaitTarget.programName(first)
        let options = words.prefix(while: { $0 != "--" })
        switch program {
        case "linkerd-await":
            // linkerd-await polls the proxy's admin `/ready` on 4191 unless `--port`/`-p` says otherwise.
            var port = 4191
            if let flag = options.firstIndex(where: { $0 == "--port" || $0 == "-p" }), flag + 1 < options.endIndex,
               let value = Int(options[flag + 1]) {
                port = value
            } else if let flag = options.first(where: { $0.hasPrefix("--port=") }), let value = Int(flag.dropFirst(7)) {
                port = value
            }
            return StartupWaitHack(kind: .linkerdAwait, location: location,
                                   target: .http(scheme: "HTTP", host: "localhost", port: port, path: "/ready"),
                                   excerpt: options.joined(separator: " "))
        case "pilot-agent":
            guard words.count >= 2, words[1] == "wait" else { return nil }
            // `pilot-agent wait` polls --url, by default the proxy's readiness endpoint.
            var target = WaitTarget.http(scheme: "HTTP", host: "localhost", port: 15021, path: "/healthz/ready")
            if let flag = words.firstIndex(where: { $0 == "--url" }), flag + 1 < words.count {
                if let url = WaitTarget.url(words[flag + 1]) { target = url }
            } else if let flag = words.first(where: { $0.hasPrefix("--url=") }), let url = WaitTarget.url(String(flag.dropFirst(6))) {
                target = url
            }
            return StartupWaitHack(kind: .pilotAgentWait, location: location, target: target, excerpt: words.joined(separator: " "))
        case "wait-for-it", "wait-for-it.sh", "wait-for", "wait-for.sh":
            return StartupWaitHack(kind: .waitForIt, location: location, target: waitForItTarget(Array(options.dropFirst())),
                                   excerpt: options.joined(separator: " "))
        default:
            return nil
        }
    }

    /// `wait-for-it host:port`, `-h host -p port`, `--host=… --port=…`.
    private static func waitForItTarget(_ options: [String]) -> WaitTarget? {
        var host: String?
        var port: Int?
        var index = 0
        while index < options.count {
            let word = options[index]
            if (word == "-h" || word == "--host"), index + 1 < options.count { host = options[index + 1]; index += 2; continue }
            if (word == "-p" || word == "--port"), index + 1 < options.count { port = Int(options[index + 1]); index += 2; continue }
            if word.hasPrefix("--host=") { host = String(word.dropFirst(7)) }
            if word.hasPrefix("--port=") { port = Int(word.dropFirst(7)) }
            if word == "-t" || word == "--timeout" { index += 2; continue }
            if !word.hasPrefix("-"), let (wordHost, wordPort) = WaitTarget.hostPort(Substring(word), defaultPort: nil) {
                host = wordHost
                port = wordPort
            }
            index += 1
        }
        guard let host, let port, (1...65535).contains(port), !host.contains("$") else { return nil }
        return .tcp(host: host, port: port)
    }
}

extension StartupWaitHack {
    /// Whether another container of the pod runs while this one starts, so that a hack without a
    /// target (`sleep N && exec …`) could be waiting for it: for a regular container, any native
    /// sidecar or another regular container; for an init container, a native sidecar declared
    /// before it (the only containers the kubelet has started by then). A sleep in a pod with
    /// nothing to wait for is not a wait for a helper.
    static func podHasHelper(forInitContainer isInit: Bool, index: Int, in spec: PodSpec) -> Bool {
        let initContainers = spec.initContainers ?? []
        if isInit {
            return initContainers.prefix(index).contains(where: \.isRestartable)
        }
        return initContainers.contains(where: \.isRestartable) || (spec.containers ?? []).count > 1
    }
}
