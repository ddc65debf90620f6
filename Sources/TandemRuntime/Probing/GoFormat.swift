/// Go's `%v` renderings that appear verbatim in kubelet messages (`%q` is `GoQuoting.quote`
/// in TandemAPI, shared with validation).
enum GoFormat {
    /// `%v` of a `[]string`: `[sh -c exit 1]`.
    static func list(_ items: [String]) -> String {
        "[" + items.joined(separator: " ") + "]"
    }
}
