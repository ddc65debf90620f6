import TandemAPI
import Yams

/// One replacement in a manifest's text.
struct TextEdit {
    var range: Range<String.Index>
    var replacement: String
}

/// Applies a `ConversionPlan` to a block-style document as text edits, so everything the plan does
/// not touch stays byte for byte: comments, key order, quoting, indentation, other documents.
/// Moved containers are cut as whole lines (with the comments above them), re-indented to the
/// `initContainers` list and get their new lines at their own key indentation.
/// Returns nil when the layout is not plain block style where it must edit; the caller then
/// re-emits that one document (`NodeEditor`).
struct SourceEditor {
    let source: SourceText

    func edits(for plan: ConversionPlan, podSpec: Node.Mapping) -> [TextEdit]? {
        guard !source.isFlow(podSpec.mark) else { return nil }
        var edits: [TextEdit] = []
        let layout = BlockLayout(source: source)
        let scalars = ScalarText(source: source)

        for rewrite in plan.rewrites {
            guard case .sequence(let list)? = podSpec[rewrite.section.rawValue], rewrite.index < list.count,
                  case .mapping(let container) = list[rewrite.index] else { return nil }
            let (field, position): (String, Int)
            switch rewrite.location {
            case .command(let index): (field, position) = ("command", index)
            case .args(let index): (field, position) = ("args", index)
            default: return nil
            }
            guard case .sequence(let words)? = container[field], position < words.count,
                  case .scalar(let scalar) = words[position],
                  let (range, contentIndent) = scalars.range(of: scalar, inFlow: source.isFlow(words.mark)) else { return nil }
            edits.append(TextEdit(range: range, replacement: scalars.replacement(
                rewrite.script, style: scalar.style, inFlow: source.isFlow(words.mark), contentIndent: contentIndent)))
        }
        guard !plan.moves.isEmpty else { return edits }

        guard case .sequence(let containers)? = podSpec["containers"], let items = layout.items(of: containers),
              let containersKey = podSpec.keys.first(where: { $0.string == "containers" })?.mark else { return nil }
        // Where the sidecars go, and the dash column they take there.
        var insertLine: Int
        var targetDash: Int
        var header = ""
        if let initNode = podSpec["initContainers"] {
            guard case .sequence(let initList) = initNode, !initList.isEmpty, let initItems = layout.items(of: initList)
            else { return nil }
            targetDash = initItems[0].dashColumn
            insertLine = plan.insertionIndex < initItems.count ? initItems[plan.insertionIndex].start : initItems[initItems.count - 1].end
        } else {
            let keyLine = containersKey.line - 1
            let keyColumn = containersKey.column - 1
            guard source.indent(keyLine) == keyColumn else { return nil }
            insertLine = layout.walkBack(from: keyLine, floor: 0) { source.isComment($0) && source.indent($0) == keyColumn }
            targetDash = items[0].dashColumn
            header = String(repeating: " ", count: keyColumn) + "initContainers:" + source.newline
        }

        var moved = header
        for move in plan.moves {
            let item = items[move.containerIndex]
            guard case .mapping(let mapping) = containers[move.containerIndex],
                  let text = movedItem(item, mapping: mapping, move: move, targetDash: targetDash, layout: layout)
            else { return nil }
            moved += text
            edits.append(TextEdit(range: source.start(ofLine: item.start)..<source.start(ofLine: item.end), replacement: ""))
        }
        if insertLine >= source.lineCount, source.text.last != "\n" {
            moved = source.newline + moved
        }
        let at = source.start(ofLine: insertLine)
        edits.append(TextEdit(range: at..<at, replacement: moved))
        return edits
    }

    /// The item's lines, re-indented for `targetDash`, with `restartPolicy: Always`, the startup
    /// probe added and the sleeping preStop removed.
    private func movedItem(_ item: BlockLayout.Item, mapping: Node.Mapping, move: ConversionPlan.Move,
                           targetDash: Int, layout: BlockLayout) -> String? {
        guard mapping["restartPolicy"] == nil, mapping["startupProbe"] == nil || move.startupProbe == nil else { return nil }
        let pairs = Array(mapping)
        guard let firstKey = pairs.first?.key.mark else { return nil }
        let shift = targetDash - item.dashColumn
        let keyIndent = String(repeating: " ", count: item.keyColumn + shift)
        var deleted = Set<Int>()
        var insertions: [Int: [String]] = [:]

        if move.dropPreStop {
            guard let lifecycleIndex = pairs.firstIndex(where: { $0.key.string == "lifecycle" }),
                  let lifecycleLines = layout.entry(lifecycleIndex, of: mapping, parentEnd: item.end) else { return nil }
            if move.dropLifecycle {
                deleted.formUnion(lifecycleLines)
            } else {
                guard case .mapping(let lifecycle) = pairs[lifecycleIndex].value,
                      let preStopIndex = Array(lifecycle).firstIndex(where: { $0.key.string == "preStop" }),
                      let preStopLines = layout.entry(preStopIndex, of: lifecycle, parentEnd: lifecycleLines.upperBound)
                else { return nil }
                deleted.formUnion(preStopLines)
            }
        }

        var added: [String] = []
        let unit = indentUnit(mapping, keyColumn: item.keyColumn)
        if let probe = move.startupProbe {
            added += ProbeText.lines(key: "startupProbe", probe: probe, unit: unit).map { keyIndent + $0 }
        }
        let restart = keyIndent + "restartPolicy: Always"
        let firstLine = firstKey.line - 1
        if pairs.count > 1, case .scalar = pairs[0].value, let second = pairs[1].key.mark, second.line - 1 > firstLine,
           pairs[0].value.mark?.line == firstKey.line, (firstLine + 1..<second.line - 1).allSatisfy({ !source.isContent($0) }) {
            insertions[firstLine, default: []].append(restart)
        } else {
            added.insert(restart, at: 0)
        }
        var lastContent = item.dashLine
        for line in item.dashLine..<item.end where source.isContent(line) && !deleted.contains(line) {
            lastContent = line
        }
        insertions[lastContent, default: []] += added

        var out = ""
        for line in item.start..<item.end where !deleted.contains(line) {
            out += reindent(source.line(line), by: shift) + source.newline
            for inserted in insertions[line] ?? [] {
                out += inserted + source.newline
            }
        }
        return out
    }

    /// Spaces per nesting level in this item (from its first nested block mapping), else 2.
    private func indentUnit(_ mapping: Node.Mapping, keyColumn: Int) -> Int {
        for (key, value) in mapping {
            guard case .mapping(let nested) = value, !source.isFlow(nested.mark), let keyMark = key.mark,
                  let nestedMark = nested.mark, nestedMark.line > keyMark.line else { continue }
            let unit = nestedMark.column - keyMark.column
            if unit > 0 { return unit }
        }
        return 2
    }

    private func reindent(_ line: Substring, by shift: Int) -> String {
        if shift > 0, !line.isEmpty { return String(repeating: " ", count: shift) + line }
        if shift < 0 {
            let spaces = min(-shift, line.prefix(while: { $0 == " " }).count)
            return String(line.dropFirst(spaces))
        }
        return String(line)
    }
}
