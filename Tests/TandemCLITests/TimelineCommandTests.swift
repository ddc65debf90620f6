import Foundation
import Testing

/// `tandem timeline` and `tandem simulate` through the built binary: outputs, and bad input as one line.
@Suite struct TimelineCommandTests {
    @Test func simulateTextTellsTheShutdownAndWhatIsKilled() throws {
        let result = try Tandem.run(["simulate", "examples/termination-order.yaml", "--assume", "log-shipper=stop:never",
                                     "--delete-at", "3s"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("  log-shipper: ignores SIGTERM"))
        #expect(lines.contains("Deletion at 3s."))
        #expect(lines.contains("  3s       app (main): preStop hook starts"))
        #expect(lines.contains("  3s       worker (main) gets SIGTERM (pod terminating)"))
        #expect(lines.contains("  6s       proxy (sidecar) gets SIGTERM (its turn: the mains and the sidecars declared after it have exited)"))
        #expect(lines.contains("  18s      log-shipper (sidecar) is SIGKILLed: the grace deadline was reached, still running 11s after its SIGTERM"))
        #expect(lines.last == "  → main containers start at 50ms; ends Failed at 18s; shutdown took 15s; SIGKILLed: log-shipper")
    }

    @Test func simulateSVGIsTheTimelinePicture() throws {
        let json = try Tandem.run(["simulate", "-o", "json", "examples/web-behind-proxy.yaml"])
        let directory = try Tandem.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let events = directory.appendingPathComponent("events.jsonl")
        try json.stdout.write(to: events, atomically: true, encoding: .utf8)
        let fromEvents = try Tandem.run(["timeline", "--title", "tandem simulate: web-behind-proxy.yaml", events.path])
        let direct = try Tandem.run(["simulate", "-o", "svg", "examples/web-behind-proxy.yaml"])
        #expect(fromEvents.status == 0 && direct.status == 0)
        // Without the spec the roles are inferred; the pictures agree.
        #expect(direct.stdout == fromEvents.stdout)
        #expect(direct.stdout.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let html = try Tandem.run(["simulate", "-o", "html", "examples/web-behind-proxy.yaml"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains(direct.stdout))
    }

    @Test func badInputIsOneLineAndExit2() throws {
        let directory = try Tandem.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.jsonl")
        try "{\"kind\":\"Event\"}\n".write(to: bad, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["timeline", bad.path], "tandem: \(bad.path): line 1: event has no eventTime\n"),
            (["timeline", directory.appendingPathComponent("none.jsonl").path, "-o", "x.gif"],
             "tandem: -o \"x.gif\": expected a file ending in .svg, .html or .png\n"),
            (["timeline", directory.path], "tandem: \"\(directory.path)\" is a directory without events.jsonl\n"),
            (["simulate", "examples/web-behind-proxy.yaml", "--assume", "nobody=ready:1s"],
             "tandem: --assume: no container named \"nobody\" in examples/web-behind-proxy.yaml\n"),
            (["simulate", "examples/web-behind-proxy.yaml", "--assume", "app=ready:soon"],
             "tandem: --assume: app: ready: expected a duration like 500ms or 2s, got soon\n"),
            (["simulate", "examples/web-behind-proxy.yaml", "--crash", "app"],
             "tandem: --crash: expected NAME@TIME[=CODE], got \"app\"\n"),
            (["simulate", "examples/web-behind-proxy.yaml", "--delete-at", "\u{1b}[31m"],
             "tandem: --delete-at: expected a time like 10s or 1m30s, got \"\\x1b[31m\"\n"),
        ]
        for (arguments, expected) in cases {
            let result = try Tandem.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == expected)
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func noRunAndNoConverterAreSaidPlainly() throws {
        let directory = try Tandem.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = directory.path
        let none = try Tandem.run(["timeline"], environment: environment)
        #expect(none.status == 2)
        #expect(none.stderr == "tandem: no events file given and no run with one under \"\(directory.path)/tandem-\(getuid())\"; "
            + "name one: tandem timeline EVENTS.jsonl (tandem run writes events.jsonl to its run directory)\n")
        // The newest run is found under runs/ (its pods.json gives the spec order).
        let run = directory.appendingPathComponent("tandem-\(getuid())/runs/20261130-060000.000-1")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let json = try Tandem.run(["simulate", "-o", "json", "examples/termination-order.yaml"])
        try json.stdout.write(to: run.appendingPathComponent("events.jsonl"), atomically: true, encoding: .utf8)
        let found = try Tandem.run(["timeline"], environment: environment)
        #expect(found.status == 0)
        #expect(found.stdout.contains("data-container=\"log-shipper\" data-role=\"sidecar\""))
        environment["PATH"] = directory.path
        let png = try Tandem.run(["timeline", "-o", directory.appendingPathComponent("t.png").path], environment: environment)
        #expect(png.status == 1)
        #expect(png.stderr.hasPrefix("tandem: -o \"\(directory.path)/t.png\": PNG needs rsvg-convert or chromium on PATH"))
    }
}
