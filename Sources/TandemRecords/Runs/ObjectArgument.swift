import TandemAPI

/// A resource type as kubectl's REST mapper knows it: the names it accepts on the command line
/// (plural, singular, short names, and `plural.group` / `singular.group` / `plural.version.group`)
/// and the names its messages use (`jobs.batch` in a NotFound, `*v1.Job` in a Go `%T`).
public struct ResourceType: Sendable, Equatable {
    /// `Job`.
    public let kind: String
    /// `jobs`.
    public let resource: String
    /// `batch`; empty for the core group.
    public let group: String
    public let shortNames: [String]

    /// `jobs.batch`, `pods`: the group resource of the API server's NotFound.
    public var groupResource: String { group.isEmpty ? resource : "\(resource).\(group)" }
    /// `*v1.Job`: the object's Go type as `%T` prints it.
    public var goType: String { "*v1.\(kind)" }

    /// True when `name` (any case) names this type.
    public func matches(_ name: String) -> Bool {
        let name = name.lowercased()
        let singular = kind.lowercased()
        var names: Set<String> = [resource, singular]
        names.formUnion(shortNames)
        if !group.isEmpty {
            names.formUnion(["\(resource).\(group)", "\(singular).\(group)", "\(resource).v1.\(group)"])
        }
        return names.contains(name)
    }

    public static let pods = ResourceType(kind: "Pod", resource: "pods", group: "", shortNames: ["po"])
    public static let jobs = ResourceType(kind: "Job", resource: "jobs", group: "batch", shortNames: [])
    public static let deployments = ResourceType(kind: "Deployment", resource: "deployments", group: "apps", shortNames: ["deploy"])
    public static let replicaSets = ResourceType(kind: "ReplicaSet", resource: "replicasets", group: "apps", shortNames: ["rs"])
    public static let statefulSets = ResourceType(kind: "StatefulSet", resource: "statefulsets", group: "apps", shortNames: ["sts"])
    public static let daemonSets = ResourceType(kind: "DaemonSet", resource: "daemonsets", group: "apps", shortNames: ["ds"])
    public static let cronJobs = ResourceType(kind: "CronJob", resource: "cronjobs", group: "batch", shortNames: ["cj"])
    public static let services = ResourceType(kind: "Service", resource: "services", group: "", shortNames: ["svc"])
    public static let configMaps = ResourceType(kind: "ConfigMap", resource: "configmaps", group: "", shortNames: ["cm"])
    public static let secrets = ResourceType(kind: "Secret", resource: "secrets", group: "", shortNames: [])

    /// The objects whose pods a run records: pods themselves and the controllers `tandem run` runs.
    public static let withPods: [ResourceType] = [.pods, .jobs, .deployments, .replicaSets, .statefulSets, .daemonSets]
    /// Types the API server has whose objects a run keeps no pods of (a CronJob's pods belong to
    /// its Jobs; Services, ConfigMaps and Secrets are no workloads).
    public static let withoutPods: [ResourceType] = [.cronJobs, .services, .configMaps, .secrets]

    /// The type `name` names, among the known ones; nil for a type tandem does not know.
    public static func named(_ name: String) -> ResourceType? {
        (withPods + withoutPods).first { $0.matches(name) }
    }
}

/// An object named on the command line as kubectl takes it: `web` (a pod), or `TYPE/NAME`
/// (`pod/web`, `job/migrate`, `deploy/shop`, any case), with cli-runtime's errors for a
/// malformed `TYPE/NAME` (k8s.io/cli-runtime/pkg/resource/builder.go `splitResourceTypeName`)
/// and kubectl's for a type the API server does not have.
public struct ObjectArgument: Sendable, Equatable {
    public var type: ResourceType
    public var name: String

    public init(type: ResourceType, name: String) {
        self.type = type
        self.name = name
    }

    /// `argument` as `NAME` (a pod) or `TYPE/NAME`.
    /// - Throws: exit 2 for a malformed `TYPE/NAME`, exit 1 for a type tandem does not know.
    public static func parse(_ argument: String) throws(RecordsError) -> ObjectArgument {
        guard argument.contains("/") else { return ObjectArgument(type: .pods, name: argument) }
        let parts = argument.goSplit("/")
        guard parts.count == 2 else {
            throw RecordsError(message: "arguments in resource/name form may not have more than one slash", code: 2)
        }
        // SplitResourceArgument: comma-separated, empty and repeated entries dropped.
        var types: [String] = []
        for type in parts[0].goSplit(",") where !type.isEmpty && !types.contains(type) { types.append(type) }
        guard !parts[0].isEmpty, !parts[1].isEmpty, types.count == 1 else {
            throw RecordsError(message: "arguments in resource/name form must have a single resource and name", code: 2)
        }
        return ObjectArgument(type: try type(types[0]), name: parts[1])
    }

    /// The type `name` names; kubectl's "no such resource type" for one tandem does not know.
    public static func type(_ name: String) throws(RecordsError) -> ResourceType {
        guard let type = ResourceType.named(name) else {
            throw RecordsError(message: "the server doesn't have a resource type \(GoQuoting.quote(name.lowercased()))", code: 1)
        }
        return type
    }
}

extension RecordsError {
    /// The API server's NotFound as kubectl prints it (`Error from server (NotFound): jobs.batch
    /// "migrate" not found`; the namespace is not in the API's message), then where tandem looked.
    public static func notFound(_ type: ResourceType, _ name: String, _ whereLooked: String) -> RecordsError {
        RecordsError(message: "Error from server (NotFound): \(type.groupResource) \(GoQuoting.quote(name)) not found (\(whereLooked))",
                     code: 1)
    }

    /// A known type whose objects a tandem run keeps no pods of (Services, ConfigMaps…).
    public static func noPods(_ type: ResourceType, _ command: String) -> RecordsError {
        RecordsError(message: "tandem runs keep no \(type.resource): \(command) takes a pod, or a job, deployment, "
                     + "replicaset, statefulset or daemonset (TYPE/NAME)", code: 1)
    }
}

extension RecordsError {
    /// `Error from server (NotFound): pods "web" not found (…)`.
    public static func podNotFound(_ name: String, _ whereLooked: String) -> RecordsError {
        notFound(.pods, name, whereLooked)
    }
}
