import TandemAPI

/// What `tandem convert` does to one pod spec, decided on the typed model so the decision is pure
/// and testable; `SourceEditor` (text, byte-preserving) or `NodeEditor` (re-emits one document)
/// applies it, and `apply(to:)` gives the typed result both must decode to.
public struct ConversionPlan: Sendable, Equatable {
    /// One legacy sidecar that becomes a native one.
    public struct Move: Sendable, Equatable {
        /// Index in the original `containers`.
        public var containerIndex: Int
        public var name: String
        /// Added when the sidecar had none and a wait hack named its port.
        public var startupProbe: Probe?
        /// The `preStop` was a sleep (ordered termination replaces it).
        public var dropPreStop: Bool
        /// Dropping the preStop leaves `lifecycle` empty, so the whole field goes.
        public var dropLifecycle: Bool
    }

    /// Which list a container is in.
    public enum Section: String, Sendable, Equatable {
        case containers
        case initContainers
    }

    /// A `sh -c` script whose wait-hack prefix is removed.
    public struct ScriptRewrite: Sendable, Equatable {
        public var section: Section
        /// Index in the original list.
        public var index: Int
        /// `.command(index:)` or `.args(index:)`: the element holding the script.
        public var location: HackLocation
        public var script: String
    }

    /// One line of the report: what was changed, or a hack found and left alone.
    public struct Note: Sendable, Equatable {
        public var changed: Bool
        public var message: String
    }

    public var moves: [Move] = []
    /// Where the sidecars go in the original `initContainers` (its count: last).
    public var insertionIndex: Int = 0
    public var rewrites: [ScriptRewrite] = []
    public var notes: [Note] = []

    public var changesSomething: Bool { !moves.isEmpty || !rewrites.isEmpty }

    /// The spec the edited source must decode to.
    public func apply(to spec: PodSpec) -> PodSpec {
        var result = spec
        var containers = spec.containers ?? []
        for rewrite in rewrites {
            switch rewrite.section {
            case .containers: containers[rewrite.index].replaceScript(at: rewrite.location, with: rewrite.script)
            case .initContainers: result.initContainers?[rewrite.index].replaceScript(at: rewrite.location, with: rewrite.script)
            }
        }
        guard !moves.isEmpty else {
            result.containers = containers
            return result
        }
        var sidecars: [Container] = []
        for move in moves {
            var sidecar = containers[move.containerIndex]
            sidecar.restartPolicy = "Always"
            if let probe = move.startupProbe { sidecar.startupProbe = probe }
            if move.dropLifecycle {
                sidecar.lifecycle = nil
            } else if move.dropPreStop {
                sidecar.lifecycle?.preStop = nil
            }
            sidecars.append(sidecar)
        }
        let moved = Set(moves.map(\.containerIndex))
        result.containers = containers.enumerated().filter { !moved.contains($0.offset) }.map(\.element)
        var initContainers = spec.initContainers ?? []
        if let rewritten = result.initContainers { initContainers = rewritten }
        initContainers.insert(contentsOf: sidecars, at: insertionIndex)
        result.initContainers = initContainers
        return result
    }
}

extension Container {
    mutating func replaceScript(at location: HackLocation, with script: String) {
        switch location {
        case .command(let index): command?[index] = script
        case .args(let index): args?[index] = script
        default: break
        }
    }
}
