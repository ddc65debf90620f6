import TandemAPI

/// A pod named on the command line as kubectl takes it: `web`, or `TYPE/NAME` with a pod type
/// (`pod/web`, `pods/web`, `po/web`, any case), with cli-runtime's errors for malformed
/// `TYPE/NAME` (k8s.io/cli-runtime/pkg/resource/builder.go `splitResourceTypeName`) and
/// kubectl's for a type tandem's records do not hold (they hold pods only).
public enum PodArgument {
    /// The resource names that mean pods (the REST mapper's resource, singular and short name).
    public static let podTypes: Set<String> = ["pods", "pod", "po"]

    /// The pod name of `argument`.
    /// - Throws: exit 2 for a malformed `TYPE/NAME`, exit 1 for a type other than pods.
    public static func podName(_ argument: String) throws(RecordsError) -> String {
        guard argument.contains("/") else { return argument }
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
        try requirePods(types[0])
        return parts[1]
    }

    /// Throws kubectl's "no such resource type" unless `type` names pods.
    public static func requirePods(_ type: String) throws(RecordsError) {
        guard podTypes.contains(type.lowercased()) else {
            throw RecordsError(message: "the server doesn't have a resource type \(GoQuoting.quote(type.lowercased()))", code: 1)
        }
    }
}

extension RecordsError {
    /// The API server's NotFound as kubectl prints it (`Error from server (NotFound): pods "web"
    /// not found`; the namespace is not in the API's message), then where tandem looked.
    public static func podNotFound(_ name: String, _ whereLooked: String) -> RecordsError {
        RecordsError(message: "Error from server (NotFound): pods \(GoQuoting.quote(name)) not found (\(whereLooked))", code: 1)
    }
}
