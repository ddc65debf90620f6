import Foundation
import Testing
import TandemAPI
import TandemLifecycle
@testable import TandemRuntime

@Suite struct ExecProberTests {
    let environment = ["PATH=/usr/bin:/bin"]

    @Test func exitZeroIsSuccessAndCommandIsExpandedAndResolved() async {
        let runner = FakeCommandRunner(CommandResult(exitCode: 0))
        let container = Container(name: "app", env: [EnvVar(name: "FILE", value: "/tmp/ready")])
        let outcome = await ExecProber(runner: runner).probe(ExecAction(command: ["test", "-f", "$(FILE)"]),
                                                             container: container, environment: environment, timeout: .seconds(1))
        #expect(outcome == .success)
        #expect(runner.calls.first?.argv.last == "/tmp/ready")
        #expect(runner.calls.first?.argv.first?.hasSuffix("/test") == true)
        #expect(runner.calls.first?.timeout == .seconds(1))
    }

    @Test func resultMapping() {
        #expect(ExecProber.outcome(of: CommandResult(exitCode: 1, output: Array("not ready\n".utf8)), command: ["x"])
                == .failure(output: "not ready\n"))
        #expect(ExecProber.outcome(of: CommandResult(signal: 9, timedOut: true), command: ["sleep", "10"])
                == .failure(output: "command \"sleep 10\" timed out"))
        #expect(ExecProber.outcome(of: CommandResult(spawnError: "exec failed"), command: ["x"]) == .error(message: "exec failed"))
        #expect(ExecProber.outcome(of: CommandResult(signal: 15), command: ["x"]) == .failure(output: ""))
    }

    @Test func outputIsCappedAt10KiB() {
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 20_000)
        #expect(ExecProber.outcome(of: CommandResult(exitCode: 1, output: long), command: ["x"])
                == .failure(output: String(repeating: "a", count: 10 * 1024)))
    }

    @Test func missingProgramIsProbeError() async {
        let runner = FakeCommandRunner(CommandResult(exitCode: 0))
        let outcome = await ExecProber(runner: runner).probe(ExecAction(command: ["no-such-program-xyz"]),
                                                             container: Container(name: "app"), environment: environment, timeout: .seconds(1))
        #expect(outcome == .error(message: "exec: \"no-such-program-xyz\": executable file not found in $PATH"))
        #expect(runner.calls.isEmpty)
    }
}

@Suite struct LifecycleHookRunnerTests {
    let pod = LifecycleHookRunner.podDescription(name: "web", namespace: "default", uid: "u1")
    let environment = ["PATH=/usr/bin:/bin"]

    @Test func execHookFailureMessage() async {
        let runner = FakeCommandRunner(CommandResult(exitCode: 3, output: Array("boom\n".utf8)))
        let handler = LifecycleHandler(exec: ExecAction(command: ["sh", "-c", "exit 3"]))
        let outcome = await LifecycleHookRunner(runner: runner).run(handler, container: Container(name: "proxy"), podDescription: pod, environment: environment)
        #expect(outcome == .failed(message: "Exec lifecycle hook ([sh -c exit 3]) for Container \"proxy\" in Pod \"web_default(u1)\" failed - error: command 'sh -c exit 3' exited with 3: boom\n, message: \"boom\\n\""))
        #expect(runner.calls.first?.timeout == nil)
    }

    @Test func execHookSuccess() async {
        let runner = FakeCommandRunner(CommandResult(exitCode: 0))
        let handler = LifecycleHandler(exec: ExecAction(command: ["true"]))
        #expect(await LifecycleHookRunner(runner: runner).run(handler, container: Container(name: "c"), podDescription: pod, environment: environment) == .succeeded)
    }

    @Test func tcpSocketHookIsInvalid() async {
        let handler = LifecycleHandler(tcpSocket: TCPSocketAction(port: .int(8080)))
        let outcome = await LifecycleHookRunner(runner: FakeCommandRunner(CommandResult())).run(handler, container: Container(name: "c"), podDescription: pod, environment: [])
        #expect(outcome == .failed(message: "Cannot run handler: invalid handler: &LifecycleHandler{Exec:nil,HTTPGet:nil,TCPSocket:&TCPSocketAction{Port:{0 8080 },Host:,},Sleep:nil,}"))
    }

    @Test func sleepHookSleepsAndIsCancellable() async {
        let runner = LifecycleHookRunner(runner: FakeCommandRunner(CommandResult()))
        #expect(await runner.run(LifecycleHandler(sleep: SleepAction(seconds: 0)), container: Container(name: "c"), podDescription: pod, environment: []) == .succeeded)
        let task = Task { await runner.run(LifecycleHandler(sleep: SleepAction(seconds: 30)), container: Container(name: "c"), podDescription: pod, environment: []) }
        task.cancel()
        #expect(await task.value == .failed(message: "Sleep lifecycle hook (30) for Container \"c\" in Pod \"web_default(u1)\" failed - error: container terminated before sleep hook finished"))
    }

    @Test func httpHookIgnoresStatusCode() async {
        let captured = Captured()
        let server = httpServer { head in
            captured.add(head)
            return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
        }
        let handler = LifecycleHandler(httpGet: HTTPGetAction(path: "/shutdown", port: .int(Int32(server.port))))
        let outcome = await LifecycleHookRunner(runner: FakeCommandRunner(CommandResult())).run(handler, container: Container(name: "c"), podDescription: pod, environment: [])
        #expect(outcome == .succeeded)
        #expect(captured.all.first?.contains("User-Agent: kube-lifecycle/1.33") == true)
    }

    @Test func httpHookTransportErrorFails() async {
        let port = LocalTestServer.unusedPort()
        let handler = LifecycleHandler(httpGet: HTTPGetAction(path: "/stop", port: .int(Int32(port))))
        let outcome = await LifecycleHookRunner(runner: FakeCommandRunner(CommandResult())).run(handler, container: Container(name: "c"), podDescription: pod, environment: [])
        #expect(outcome == .failed(message: "HTTP lifecycle hook (/stop) for Container \"c\" in Pod \"web_default(u1)\" failed - error: Get \"http://127.0.0.1:\(port)/stop\": dial tcp 127.0.0.1:\(port): connect: connection refused"))
    }
}
