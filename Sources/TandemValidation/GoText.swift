import TandemAPI

/// Go formatting helpers, so messages match the API server byte for byte (quoting itself is
/// `GoQuoting.quote` in TandemAPI, shared with the runtime).
enum GoText {
    /// Go's `%#v` of a `map[string]string`: keys sorted, e.g. `map[string]string{"app":"web"}`.
    static func stringMap(_ map: [String: String]?) -> String {
        guard let map else { return "map[string]string(nil)" }
        let entries = map.keys.sorted().map { "\(GoQuoting.quote($0)):\(GoQuoting.quote(map[$0] ?? ""))" }
        return "map[string]string{" + entries.joined(separator: ", ") + "}"
    }
}
