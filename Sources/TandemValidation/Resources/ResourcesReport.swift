import TandemAPI

/// What `tandem resources` prints: the effective requests and limits of every pod spec in the
/// given manifests, as a kubectl-like table or as JSON. Built here (not in the CLI) so the
/// output is testable without running the binary.
public struct ResourcesReport: Sendable, Equatable {
    /// One object of a manifest (a Pod, or a workload's pod template).
    public struct Item: Sendable, Equatable {
        public var kind: String
        public var name: String
        public var requests: [EffectiveResource]
        public var limits: [EffectiveResource]

        public init(kind: String, name: String, requests: [EffectiveResource], limits: [EffectiveResource]) {
            self.kind = kind
            self.name = name
            self.requests = requests
            self.limits = limits
        }

        /// Computes the item for a pod spec as the API server would store it: each container
        /// resource with a limit but no request gets request = limit first (v1 defaulting,
        /// idempotent if the caller already defaulted). A missing spec counts as empty.
        public init(kind: String, name: String?, spec: PodSpec?, options: ResourceOptions) {
            var defaulted = spec ?? PodSpec()
            Defaulting.apply(to: &defaulted)
            self.init(kind: kind, name: name ?? "",
                      requests: EffectiveResources.peak(defaulted, of: .requests, options: options),
                      limits: EffectiveResources.peak(defaulted, of: .limits, options: options))
        }
    }

    public var items: [Item]

    public init(items: [Item]) {
        self.items = items
    }

    /// Output formats of `tandem resources -o`.
    public enum OutputFormat: String, Sendable, CaseIterable {
        case table
        case json
    }

    /// The report in the given format, ending with a newline.
    public func rendered(as format: OutputFormat) -> String {
        switch format {
        case .table: return table()
        case .json: return json()
        }
    }

    /// kubectl-style columns; one row per resource, `-` where a request or limit is absent, and
    /// the phase that sets each value (`limit:` noted separately when it differs).
    public func table() -> String {
        var rows: [[String]] = [["KIND", "NAME", "RESOURCE", "REQUEST", "LIMIT", "SET BY"]]
        for item in items {
            let requests = Dictionary(uniqueKeysWithValues: item.requests.map { ($0.name, $0) })
            let limits = Dictionary(uniqueKeysWithValues: item.limits.map { ($0.name, $0) })
            let names = Set(requests.keys).union(limits.keys).sorted()
            if names.isEmpty {
                rows.append([item.kind, item.name.isEmpty ? "<none>" : item.name, "<none>", "-", "-", "-"])
            }
            for name in names {
                let request = requests[name]
                let limit = limits[name]
                rows.append([item.kind, item.name.isEmpty ? "<none>" : item.name, name,
                             request.map { $0.quantity.description } ?? "-",
                             limit.map { $0.quantity.description } ?? "-",
                             Self.explanation(request: request, limit: limit)])
            }
        }
        // Names, resource names and container names come from the manifest: terminal-safe cells.
        rows = rows.map { $0.map(GoQuoting.printable) }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(to: widths[column] + 3)
            }.joined()
        }.joined(separator: "\n") + "\n"
    }

    /// `{"items":[{"kind":…,"name":…,"requests":{…},"limits":{…},"setBy":{"requests":{…},"limits":{…}}}]}`:
    /// canonical quantity strings, absent resources absent, keys in a stable order; `setBy`
    /// names the phase that sets each value, in the words of the table's SET BY column.
    public func json() -> String {
        func object(_ resources: [EffectiveResource], indent: String, value: (EffectiveResource) -> String) -> String {
            if resources.isEmpty { return "{}" }
            let lines = resources.map { "\(indent)  \(JSONText.string($0.name)): \(JSONText.string(value($0)))" }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
        }
        let entries = items.map { item in
            """
                {
                  "kind": \(JSONText.string(item.kind)),
                  "name": \(JSONText.string(item.name)),
                  "requests": \(object(item.requests, indent: "      ") { $0.quantity.description }),
                  "limits": \(object(item.limits, indent: "      ") { $0.quantity.description }),
                  "setBy": {
                    "requests": \(object(item.requests, indent: "        ") { $0.explanation }),
                    "limits": \(object(item.limits, indent: "        ") { $0.explanation })
                  }
                }
            """
        }
        if entries.isEmpty { return "{\n  \"items\": []\n}\n" }
        return "{\n  \"items\": [\n" + entries.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    private static func explanation(request: EffectiveResource?, limit: EffectiveResource?) -> String {
        switch (request, limit) {
        case let (request?, limit?) where request.explanation != limit.explanation:
            return "\(request.explanation); limit: \(limit.explanation)"
        case let (request?, _):
            return request.explanation
        case let (nil, limit?):
            return "limit: \(limit.explanation)"
        case (nil, nil):
            return "-"
        }
    }
}

extension String {
    /// Left-aligned in a column of `width` characters.
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
