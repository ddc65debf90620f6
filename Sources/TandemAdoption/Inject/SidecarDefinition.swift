import TandemAPI
import TandemManifest

/// The sidecar to inject: a container (free-form JSON, so fields tandem does not model survive),
/// the volumes it needs, and how universal mode wraps it.
///
/// File format (`--sidecar FILE`, YAML or JSON, one document), either a bare Container:
/// ```yaml
/// name: log-shipper
/// image: fluent/fluent-bit:3.1
/// ```
/// or an object with `container:` and the optional `volumes:` (Volume list) and `universal:`:
/// ```yaml
/// container: {name: log-shipper, image: fluent/fluent-bit:3.1, command: [/fluent-bit/bin/fluent-bit]}
/// volumes:
/// - {name: shipper-config, configMap: {name: shipper-config}}
/// universal:
///   shell: /bin/sh                     # the image's POSIX shell (default /bin/sh), or
///   copyShellFrom: busybox:1.36.1-musl # for images without a shell: copy a static busybox in
///   restartWaitSeconds: 10             # how long the regular container waits for a restart
/// ```
public struct SidecarDefinition: Equatable, Sendable {
    /// The container object (`name` and `image` required).
    public var container: [String: JSONValue]
    /// Volume objects (`name` required).
    public var volumes: [[String: JSONValue]]
    public var universal: UniversalOptions

    /// The container's `name`.
    public var name: String {
        if case .string(let name) = container["name"] { return name }
        return ""
    }

    public init(container: [String: JSONValue], volumes: [[String: JSONValue]] = [],
                universal: UniversalOptions = UniversalOptions()) throws(InjectionError) {
        guard case .string(let name) = container["name"], !name.isEmpty else {
            throw InjectionError("sidecar: the container needs a \"name\"")
        }
        guard case .string(let image) = container["image"], !image.isEmpty else {
            throw InjectionError("sidecar: container \(InjectionError.quoted(name)) needs an \"image\"")
        }
        for (index, volume) in volumes.enumerated() {
            guard case .string(let volumeName) = volume["name"], !volumeName.isEmpty else {
                throw InjectionError("sidecar: volumes[\(index)] needs a \"name\"")
            }
        }
        self.container = container
        self.volumes = volumes
        self.universal = universal
    }

    /// A definition from the parsed file content (either form above).
    public init(parsing value: JSONValue) throws(InjectionError) {
        guard case .object(let object) = value else {
            throw InjectionError("sidecar: expected a Container or an object with \"container:\", got \(Self.kind(value))")
        }
        guard object["container"] != nil || object["volumes"] != nil || object["universal"] != nil else {
            try self.init(container: object)
            return
        }
        for key in object.keys.sorted() where !["container", "volumes", "universal"].contains(key) {
            throw InjectionError("sidecar: unknown field \(InjectionError.quoted(key)) (expected container, volumes, universal)")
        }
        guard case .object(let container) = object["container"] else {
            throw InjectionError("sidecar: \"container\" must be a Container object")
        }
        var volumes: [[String: JSONValue]] = []
        switch object["volumes"] {
        case nil, .null?: break
        case .array(let list)?:
            for item in list {
                guard case .object(let volume) = item else { throw InjectionError("sidecar: \"volumes\" must be a list of Volume objects") }
                volumes.append(volume)
            }
        default: throw InjectionError("sidecar: \"volumes\" must be a list of Volume objects")
        }
        try self.init(container: container, volumes: volumes, universal: try UniversalOptions(parsing: object["universal"]))
    }

    /// Reads a definition file (`-` is standard input).
    public static func load(path: String) throws(InjectionError) -> SidecarDefinition {
        let documents: [RawValue]
        do {
            documents = try RawManifest.load(path: path)
        } catch {
            throw InjectionError("sidecar: \(error.description)")
        }
        guard documents.count == 1, let document = documents.first else {
            throw InjectionError("sidecar: \(path == "-" ? "<stdin>" : path): expected one document, found \(documents.count)")
        }
        return try SidecarDefinition(parsing: document.json)
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}

/// How universal mode runs its wrapper (see `UniversalWrapper`).
public struct UniversalOptions: Equatable, Sendable {
    /// Where the wrapper's POSIX shell comes from.
    public enum Shell: Equatable, Sendable {
        /// The sidecar image has a shell at this path.
        case image(path: String)
        /// The image has none (distroless): a regular init container of this image copies its
        /// statically linked `/bin/busybox` into the shared volume first.
        case copy(fromImage: String)
    }

    /// The image `copyShellFrom` suggests: the official busybox image's musl variant ships one
    /// statically linked `/bin/busybox` that runs in any image.
    public static let defaultShellImage = "busybox:1.36.1-musl"

    public var shell: Shell
    /// How long the regular container waits, after the init container's first run, for the
    /// restart that only a native-sidecar kubelet makes, before it runs the sidecar itself.
    public var restartWaitSeconds: Int

    public init(shell: Shell = .image(path: "/bin/sh"), restartWaitSeconds: Int = 10) {
        self.shell = shell
        self.restartWaitSeconds = restartWaitSeconds
    }

    init(parsing value: JSONValue?) throws(InjectionError) {
        self.init()
        guard let value, value != .null else { return }
        guard case .object(let object) = value else { throw InjectionError("sidecar: \"universal\" must be an object") }
        for key in object.keys.sorted() where !["shell", "copyShellFrom", "restartWaitSeconds"].contains(key) {
            throw InjectionError("sidecar: unknown field \(InjectionError.quoted("universal." + key)) (expected shell, copyShellFrom, restartWaitSeconds)")
        }
        switch (object["shell"], object["copyShellFrom"]) {
        case (nil, nil): break
        case (.string(let path)?, nil) where path.hasPrefix("/"):
            shell = .image(path: path)
        case (nil, .string(let image)?) where !image.isEmpty:
            shell = .copy(fromImage: image)
        case (.some, .some):
            throw InjectionError("sidecar: set either \"universal.shell\" or \"universal.copyShellFrom\", not both")
        case (.some, nil):
            throw InjectionError("sidecar: \"universal.shell\" must be an absolute path")
        case (nil, .some):
            throw InjectionError("sidecar: \"universal.copyShellFrom\" must be an image name")
        }
        if let wait = object["restartWaitSeconds"] {
            guard case .number(let seconds) = wait, seconds == seconds.rounded(), seconds >= 1, seconds <= 600 else {
                throw InjectionError("sidecar: \"universal.restartWaitSeconds\" must be a whole number from 1 to 600")
            }
            restartWaitSeconds = Int(seconds)
        }
    }
}
