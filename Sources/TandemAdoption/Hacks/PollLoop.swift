/// An `until …; do …; done` or `while …; do …; done` loop at a statement of a script that polls a
/// network endpoint (curl, wget, nc or bash `/dev/tcp`) until it answers.
struct PollLoop {
    /// Index of the statement holding `done`.
    var end: Int
    var target: WaitTarget?
    var interval: Int?
    /// The body only waits: sleeps, announcements, probes and `break`/`continue`. A loop that
    /// does other work on each turn (a counter that gives up, a token refresh) is more than a
    /// wait, and is not cut from a script.
    var onlyWaits: Bool

    init?(_ statements: [ShellScript.Statement], at start: Int) {
        let keyword = statements[start].first
        guard keyword == "until" || keyword == "while" || keyword == "for" else { return nil }
        guard let doIndex = statements[start...].firstIndex(where: { $0.first == "do" }) else { return nil }
        var depth = 0
        var doneIndex: Int?
        for index in (doIndex + 1)..<statements.count {
            let first = statements[index].first ?? ""
            if ["until", "while", "for"].contains(first) {
                depth += 1
            } else if first == "done" {
                if depth == 0 { doneIndex = index; break }
                depth -= 1
            }
        }
        guard let doneIndex else { return nil }

        var condition: [ShellScript.Statement] = Array(statements[start..<doIndex])
        condition[0].words.removeFirst()
        var body: [ShellScript.Statement] = Array(statements[doIndex..<doneIndex])
        body[0].words.removeFirst()
        body = body.filter { !$0.words.isEmpty }
        if keyword == "for" {
            // `for i in $(seq 1 30); do nc -z localhost 5432 && break; sleep 1; done`: bounded
            // retries, the probe is what breaks out.
            condition = Self.breakingProbes(in: body)
        } else if keyword == "while" {
            if condition.first?.first == "!" {
                condition[0].words.removeFirst()
            } else if condition.count == 1, ["true", ":"].contains(condition[0].first ?? "") {
                // `while true; do curl … && break; sleep 1; done`: the probe is what breaks out.
                condition = Self.breakingProbes(in: body)
            } else {
                return nil
            }
        }
        var probes: [WaitTarget?] = []
        for statement in condition {
            Self.collect(statement, into: &probes)
        }
        guard !probes.isEmpty else { return nil }
        let distinct = Set(probes.compactMap { $0?.description })
        target = distinct.count == 1 && !probes.contains(where: { $0 == nil }) ? probes.first ?? nil : nil
        interval = body.lazy.compactMap { statement -> Int? in
            guard statement.first.map(WaitTarget.programName) == "sleep", statement.words.count == 2 else { return nil }
            return StartupWaitHack.seconds(statement.words[1].text)
        }.first
        // A `for` loop gives up after its last turn and runs the rest anyway: more than a wait.
        onlyWaits = keyword != "for" && body.allSatisfy { original in
            // `if curl …; then break; fi`: the keywords around a probe and a `break`.
            var statement = original
            if let first = statement.first, ["if", "then", "fi"].contains(first) { statement.words.removeFirst() }
            if statement.words.isEmpty { return true }
            let program = statement.first.map(WaitTarget.programName) ?? ""
            if ["sleep", "break", "continue"].contains(program) || StartupWaitHack.isAnnouncement(statement) { return true }
            var bodyProbes: [WaitTarget?] = []
            Self.collect(statement, into: &bodyProbes)
            return !bodyProbes.isEmpty
        }
        end = doneIndex
    }

    /// The statements of a loop body whose success leaves the loop: `PROBE && break`, and
    /// `if PROBE; then break; fi` (without its `if`).
    private static func breakingProbes(in body: [ShellScript.Statement]) -> [ShellScript.Statement] {
        var result: [ShellScript.Statement] = []
        for index in body.indices where index + 1 < body.count {
            let next = body[index + 1].texts
            if body[index].separator == "&&", body[index + 1].first == "break" {
                result.append(body[index])
            } else if body[index].first == "if", body[index].words.count > 1, next == ["then", "break"] {
                var probe = body[index]
                probe.words.removeFirst()
                result.append(probe)
            }
        }
        return result
    }

    /// Every network check in one statement of the condition: a curl/wget/nc call, a `/dev/tcp`
    /// redirection, or such calls inside `$(…)` (as in `[ "$(curl …)" = 200 ]`). An unreadable
    /// target is collected as nil so the loop counts as a hack without a clear target.
    private static func collect(_ statement: ShellScript.Statement, into probes: inout [WaitTarget?]) {
        guard let program = statement.first.map(WaitTarget.programName) else { return }
        if ["curl", "wget", "nc", "ncat", "netcat"].contains(program) {
            probes.append(WaitTarget.of(invocation: statement.texts))
            return
        }
        for word in statement.words {
            if let target = WaitTarget.devTCP(word.text) {
                probes.append(target)
            }
            for inner in ShellScript.substitutions(in: word.text) {
                for innerStatement in inner.statements {
                    collect(innerStatement, into: &probes)
                }
            }
        }
    }
}
