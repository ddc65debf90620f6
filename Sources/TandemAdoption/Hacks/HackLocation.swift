/// Where in a container (or its pod's metadata) a start-up or shutdown hack was found, so lint can
/// report the field path and convert can edit that very field.
public enum HackLocation: Sendable, Equatable, CustomStringConvertible {
    /// `command[index]` of the container.
    case command(index: Int)
    /// `args[index]` of the container.
    case args(index: Int)
    /// `lifecycle.postStart` (exec command or the handler itself).
    case postStart
    /// `lifecycle.preStop` (exec command, httpGet, or the sleep action).
    case preStop
    /// `env[index]`, a variable that configures a wrapper (kubexit's `KUBEXIT_*`).
    case env(index: Int)
    /// One annotation of the pod (or pod template) metadata.
    case annotation(key: String)

    /// True for `command[i]` and `args[i]`, the places a script can be rewritten.
    public var isArgvElement: Bool {
        switch self {
        case .command, .args: return true
        default: return false
        }
    }

    /// The field path relative to the container (`command[2]`, `lifecycle.preStop`) or, for an
    /// annotation, to the object's metadata (`annotations[proxy.istio.io/config]`), as the API
    /// server writes paths.
    public var description: String {
        switch self {
        case .command(let index): return "command[\(index)]"
        case .args(let index): return "args[\(index)]"
        case .postStart: return "lifecycle.postStart"
        case .preStop: return "lifecycle.preStop"
        case .env(let index): return "env[\(index)]"
        case .annotation(let key): return "annotations[\(key)]"
        }
    }
}

/// A container's command line as it will run: `command` followed by `args`, each word remembering
/// the field it came from. Shared by the start-up and shutdown recognisers.
struct ContainerArgv {
    struct Word {
        var text: String
        var location: HackLocation
    }

    var words: [Word]

    init(command: [String]?, args: [String]?) {
        words = (command ?? []).enumerated().map { Word(text: $0.element, location: .command(index: $0.offset)) }
            + (args ?? []).enumerated().map { Word(text: $0.element, location: .args(index: $0.offset)) }
    }

    var texts: [String] { words.map(\.text) }

    /// The script of `sh -c SCRIPT` (any POSIX shell, any flag cluster with `c`) and where it is.
    var shellScript: Word? {
        guard words.count >= 3, Self.shells.contains(WaitTarget.programName(words[0].text)) else { return nil }
        var index = 1
        while index < words.count, words[index].text.hasPrefix("-"), words[index].text.count > 1 {
            if words[index].text.hasPrefix("--") { return nil }
            if words[index].text.contains("c") { return index + 1 < words.count ? words[index + 1] : nil }
            index += 1
        }
        return nil
    }

    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox-sh"]
}
