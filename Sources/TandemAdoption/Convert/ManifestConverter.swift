import Dispatch
import Synchronization
import TandemAPI
import TandemManifest
import Yams

/// `tandem convert` for one manifest stream: every Pod and pod-template workload gets its legacy
/// sidecars turned into native ones (see `ConversionPlanner`), everything else in the stream is
/// left byte for byte. Each edited document is checked by decoding the result and comparing it
/// with the typed conversion; a document whose text edit does not check out (or that is flow
/// style or JSON) is re-emitted whole from its node tree instead, and the report says so.
public enum ManifestConverter {
    /// The outcome for one stream.
    public struct Result: Sendable, Equatable {
        /// The converted text (the input itself when nothing changed).
        public var output: String
        /// Report lines, `FILE:LINE: Kind "name": message`.
        public var notes: [String]
        public var changed: Bool
        /// Names asked for with `--sidecar` that this stream has, as a regular container or
        /// already as a native sidecar.
        public var namesFound: Set<String>
    }

    /// Chooses the legacy sidecars of a pod spec when no names are given: indices into
    /// `containers`; `podAnnotations` are the pod's (or its template's); `runsToCompletion` is
    /// true for Jobs and CronJobs.
    public typealias Detector = @Sendable (_ spec: PodSpec, _ podAnnotations: [String: String]?, _ runsToCompletion: Bool) -> [Int]

    /// - Throws: `ManifestError` for input that is not YAML/JSON or whose Pods and workloads do
    ///   not decode strictly, as `tandem validate` reports it.
    public static func convert(text: String, file: String, sidecars names: [String], detect: Detector) throws(ManifestError) -> Result {
        let roots = try ManifestLoader.compose(text: text, file: file)
        let shared = Shared(roots: roots, source: SourceText(text))
        let source = shared.source
        // Documents are independent: plan and edit them on every core, then merge in order.
        let outcomes = Mutex<[Outcome]>(Array(repeating: .skipped, count: roots.count))
        DispatchQueue.concurrentPerform(iterations: roots.count) { rootIndex in
            let outcome = Self.document(rootIndex, shared: shared, file: file, names: names, detect: detect)
            outcomes.withLock { $0[rootIndex] = outcome }
        }
        var notes: [String] = []
        var namesFound = Set<String>()
        var pending: [Pending] = []
        var failures: [ManifestError] = []
        for outcome in outcomes.withLock({ $0 }) {
            switch outcome {
            case .skipped:
                continue
            case .failed(let error):
                // Every document's problems are reported, in file order.
                failures += error.problems
            case .planned(let documentNotes, let found, let item):
                notes += documentNotes
                namesFound.formUnion(found)
                if let item { pending.append(item) }
            }
        }
        if !failures.isEmpty { throw ManifestError.combining(failures) }
        guard !pending.isEmpty else {
            return Result(output: text, notes: notes, changed: false, namesFound: namesFound)
        }

        var output = apply(pending, to: source)
        let mismatched = try mismatches(output, pending: pending, file: file)
        if !mismatched.isEmpty {
            for index in mismatched {
                pending[index].edits = try reemission(pending[index], source: source, file: file)
                pending[index].reemitted = true
            }
            output = apply(pending, to: source)
            if let index = try mismatches(output, pending: pending, file: file).first {
                throw ManifestError(file: file, message: "cannot convert this document in place", line: pending[index].root.mark?.line)
            }
        }
        for item in pending where item.reemitted {
            notes.append("\(item.label): re-emitted this document whole (flow style or JSON): its comments and layout are not kept")
        }
        return Result(output: output, notes: notes, changed: output != text, namesFound: namesFound)
    }

    /// What one document contributes.
    private enum Outcome: Sendable {
        case skipped
        case failed(ManifestError)
        case planned(notes: [String], namesFound: Set<String>, pending: Pending?)
    }

    /// The parsed stream, read (never written) by the worker threads. Yams' nodes are values with
    /// class references only for anchors, which nothing here touches.
    private struct Shared: @unchecked Sendable {
        let roots: [Node]
        let source: SourceText
    }

    /// Decodes, plans and edits document `rootIndex`.
    private static func document(_ rootIndex: Int, shared: Shared, file: String, names: [String], detect: Detector) -> Outcome {
        let root = shared.roots[rootIndex]
        let decoded: ManifestDocument?
        do {
            decoded = try ManifestLoader.decode(node: root, file: file, index: rootIndex)
        } catch {
            return .failed(error)
        }
        guard let document = decoded else {
            if case .mapping(let mapping) = root, mapping["kind"]?.string == "List" {
                return .planned(notes: ["\(file):\(root.mark?.line ?? 1): List: left alone: items of a kind: List are not converted; split them into documents first"],
                                namesFound: [], pending: nil)
            }
            return .skipped
        }
        guard let location = document.object.podSpecLocation else { return .skipped }
        let spec = location.spec
        let label = "\(file):\(document.line): \(document.object.kind) \(GoQuoting.quote(document.object.name ?? ""))"
        let containers = spec.containers ?? []
        var namesFound = Set<String>()
        var chosen: [Int]
        if names.isEmpty {
            chosen = detect(spec, location.metadata?.annotations, document.object.runsToCompletion)
        } else {
            chosen = containers.indices.filter { names.contains(containers[$0].name ?? "") }
            namesFound.formUnion(chosen.compactMap { containers[$0].name })
            namesFound.formUnion((spec.initContainers ?? []).filter { $0.restartPolicy == "Always" }.compactMap(\.name)
                .filter(names.contains))
        }
        let plan = ConversionPlanner.plan(spec: spec, podAnnotations: location.metadata?.annotations, sidecars: chosen)
        let notes = plan.notes.map { "\(label): \($0.message)" }
        guard plan.changesSomething else { return .planned(notes: notes, namesFound: namesFound, pending: nil) }
        let path = location.path.split(separator: ".").map(String.init)
        guard let specNode = Self.node(at: path, in: root), case .mapping(let specMapping) = specNode else {
            return .planned(notes: notes, namesFound: namesFound, pending: nil)
        }
        let item = Pending(rootIndex: rootIndex, root: root, path: path, plan: plan, label: label,
                           expected: document.object.replacingPodSpec(plan.apply(to: spec)),
                           edits: SourceEditor(source: shared.source).edits(for: plan, podSpec: specMapping))
        return .planned(notes: notes, namesFound: namesFound, pending: item)
    }

    /// A document with a conversion to apply; handed from a worker thread to the merge once, never
    /// shared while mutated (its node tree is as read-only as `Shared`'s).
    private struct Pending: @unchecked Sendable {
        var rootIndex: Int
        var root: Node
        var path: [String]
        var plan: ConversionPlan
        var label: String
        var expected: ManifestObject
        /// Text edits, or nil before falling back to re-emission.
        var edits: [TextEdit]?
        var reemitted = false
    }

    private static func node(at path: [String], in root: Node) -> Node? {
        var node = root
        for key in path {
            guard case .mapping(let mapping) = node, let child = mapping[key] else { return nil }
            node = child
        }
        return node
    }

    /// The text with every pending document's edits (in order; insertions before removals at the
    /// same place).
    private static func apply(_ pending: [Pending], to source: SourceText) -> String {
        let edits = pending.flatMap { $0.edits ?? [] }.enumerated().sorted { left, right in
            if left.element.range.lowerBound != right.element.range.lowerBound {
                return left.element.range.lowerBound < right.element.range.lowerBound
            }
            let leftEmpty = left.element.range.isEmpty
            let rightEmpty = right.element.range.isEmpty
            return leftEmpty != rightEmpty ? leftEmpty : left.offset < right.offset
        }.map(\.element)
        var output = ""
        output.reserveCapacity(source.text.utf8.count + 256 * edits.count)
        var cursor = source.text.startIndex
        for edit in edits {
            if edit.range.lowerBound > cursor { output += source.text[cursor..<edit.range.lowerBound] }
            output += edit.replacement
            cursor = max(cursor, edit.range.upperBound)
        }
        output += source.text[cursor...]
        return output
    }

    /// Indices into `pending` whose document in `output` does not decode to the expected object.
    private static func mismatches(_ output: String, pending: [Pending], file: String) throws(ManifestError) -> [Int] {
        let roots: [Node]
        do {
            roots = try ManifestLoader.compose(text: output, file: file)
        } catch {
            return Array(pending.indices)
        }
        let shared = SharedCheck(roots: roots, pending: pending)
        let matches = Mutex<[Bool]>(Array(repeating: false, count: pending.count))
        DispatchQueue.concurrentPerform(iterations: pending.count) { index in
            let item = shared.pending[index]
            guard item.rootIndex < shared.roots.count else { return }
            let actual = shared.roots[item.rootIndex]
            // The node trees agree in the usual case; a strict decode settles any difference.
            var matched = NodeEditor.apply(item.plan, root: item.root, path: item.path)
                .map { NodeEquivalence.equivalent(actual, $0) } ?? false
            if !matched {
                matched = (try? ManifestLoader.decode(node: actual, file: file, index: 0))??.object == item.expected
            }
            matches.withLock { $0[index] = matched }
        }
        let matched = matches.withLock { $0 }
        return matched.indices.filter { !matched[$0] }
    }

    /// The converted stream and what each document should decode to, read by the worker threads.
    private struct SharedCheck: @unchecked Sendable {
        let roots: [Node]
        let pending: [Pending]
    }

    /// Edits that replace the whole document with its re-emitted, converted node tree.
    private static func reemission(_ item: Pending, source: SourceText, file: String) throws(ManifestError) -> [TextEdit] {
        guard let edited = NodeEditor.apply(item.plan, root: item.root, path: item.path), let mark = item.root.mark else {
            throw ManifestError(file: file, message: "cannot convert this document", line: item.root.mark?.line)
        }
        let first = mark.line - 1
        var end = first + 1
        while end < source.lineCount {
            let line = source.line(end)
            if line.hasPrefix("---") || line.hasPrefix("...") { break }
            end += 1
        }
        end = BlockLayout(source: source).walkBack(from: end, floor: first + 1) { !source.isContent($0) }
        var json = false
        if case .mapping(let mapping) = item.root, source.isFlow(mapping.mark),
           case .scalar(let key)? = mapping.keys.first, key.style == .doubleQuoted {
            json = true
        }
        let text: String
        do {
            text = try NodeEditor.emit(edited, json: json, newline: source.newline)
        } catch {
            throw ManifestError(file: file, message: "cannot write the converted document: \(error)", line: mark.line)
        }
        var result = [TextEdit(range: source.start(ofLine: first)..<source.start(ofLine: end), replacement: text)]
        if end >= source.lineCount, source.text.last != "\n" {
            result[0].replacement = String(text.dropLast(source.newline.count))
        }
        return result
    }
}
