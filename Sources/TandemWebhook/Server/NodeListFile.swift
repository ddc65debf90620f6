import Foundation
import Logging
import Synchronization
import TandemAPI
import TandemAdoption

/// The `--nodes` file (`kubectl get nodes -o json`, kept current by whoever deploys the webhook, e.g. a
/// ConfigMap refreshed by a CronJob), re-read when its identity changes; checked with one `stat` per request
/// that needs it. A file that stops parsing keeps the last good list (and is logged once per change).
final class NodeListFile: Sendable {
    private struct State: Sendable {
        var identity: FileIdentity?
        var nodes: [NodeSummary]
    }

    let path: String
    private let logger: Logger
    private let state: Mutex<State>

    /// Reads the list once; throws a one-line error when it is missing or not a node list.
    init(path: String, logger: Logger) throws {
        self.path = path
        self.logger = logger
        let identity = FileIdentity(path: path)
        state = Mutex(State(identity: identity, nodes: try Self.read(path)))
    }

    func current() -> [NodeSummary] {
        let identity = FileIdentity(path: path)
        return state.withLock { state in
            guard let identity, identity != state.identity else { return state.nodes }
            state.identity = identity
            do {
                state.nodes = try Self.read(path)
            } catch {
                logger.error("node list not reloaded, keeping the previous one: \(error)")
            }
            return state.nodes
        }
    }

    private static func read(_ path: String) throws -> [NodeSummary] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NodeListError(description: "\(path): cannot read the node list")
        }
        guard let list = try? JSONDecoder().decode(JSONValue.self, from: data),
              list["kind"]?.textValue == "List" || list["kind"]?.textValue == "NodeList"
                || list["kind"]?.textValue == "Node" else {
            throw NodeListError(description: "\(path): not a node list (kubectl get nodes -o json)")
        }
        return NodeSummary.nodes(fromList: list)
    }
}

/// A `--nodes` file that can't be used.
struct NodeListError: Error, CustomStringConvertible {
    let description: String
}
