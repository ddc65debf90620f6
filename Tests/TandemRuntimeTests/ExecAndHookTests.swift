import Foundation
import Synchronization
import Testing
import TandemAPI
import TandemLifecycle
@testable import TandemRuntime

/// The one exec path of probes and hooks: the pod worker runs the command as a process of the
/// container; `ExecProber` and `LifecycleHookRunner` decide what runs and word the result.
@Suite struct ExecProberTests {
    @Test func resultMapping() {
        #expect(ExecProber.outcome(of: CommandResult(exitCode: 1, stdout: Array("not ready\n".utf8)), command: ["x"])
                == .failure(output: "not ready\n"))
        #expect(ExecProber.outcome(of: CommandResult(exitCode: 1, stdout: Array("out\n".utf8), stderr: Array("err\n".utf8)),
                                   command: ["x"]) == .failure(output: "out\nerr\n"))
        #expect(ExecProber.outcome(of: CommandResult(signal: 9, timedOut: true), command: ["sleep", "10"])
                == .failure(output: "command \"sleep 10\" timed out"))
        #expect(ExecProber.outcome(of: CommandResult(spawnError: "exec failed"), command: ["x"]) == .error(message: "exec failed"))
        #expect(ExecProber.outcome(of: CommandResult(signal: 15), command: ["x"]) == .failure(output: ""))
        #expect(ExecProber.outcome(of: CommandResult(exitCode: 0, stdout: Array("fine".utf8)), command: ["x"]) == .success)
    }

    @Test func outputIsCappedAt10KiB() {
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 20_000)
        #expect(ExecProber.outcome(of: CommandResult(exitCode: 1, stdout: long), command: ["x"])
                == .failure(output: String(repeating: "a", count: 10 * 1024)))
    }

    @Test func commandIsExpandedFromLiteralEnvValues() {
        let container = Container(name: "app", env: [EnvVar(name: "FILE", value: "/tmp/ready"),
                                                     EnvVar(name: "FROM", valueFrom: EnvVarSource())])
        #expect(ExecProber.command(ExecAction(command: ["test", "-f", "$(FILE)", "$(FROM)", "$$(FILE)"]), of: container)
                == ["test", "-f", "/tmp/ready", "", "$(FILE)"])
    }
}

@Suite struct LifecycleHookRunnerTests {
    let pod = LifecycleHookRunner.podDescription(name: "web", namespace: "default", uid: "u1")

    @Test func execHookFailureMessage() {
        let result = CommandResult(exitCode: 3, stdout: Array("out\n".utf8), stderr: Array("boom\n".utf8))
        let outcome = LifecycleHookRunner.execOutcome(of: result, command: ["sh", "-c", "exit 3"], containerName: "proxy", podDescription: pod)
        // The runtime's error carries stderr only; the message is stdout and stderr joined.
        #expect(outcome == .failed(message: "Exec lifecycle hook ([sh -c exit 3]) for Container \"proxy\" in Pod \"web_default(u1)\" failed - error: command 'sh -c exit 3' exited with 3: boom\n, message: \"out\\nboom\\n\""))
    }

    @Test func execHookThatCannotStart() {
        let outcome = LifecycleHookRunner.execOutcome(
            of: CommandResult(spawnError: "exec: \"nope\": executable file not found in $PATH"),
            command: ["nope"], containerName: "c", podDescription: pod)
        #expect(outcome == .failed(message: "Exec lifecycle hook ([nope]) for Container \"c\" in Pod \"web_default(u1)\" failed - error: exec: \"nope\": executable file not found in $PATH, message: \"\""))
    }

    @Test func execHookSuccess() {
        #expect(LifecycleHookRunner.execOutcome(of: CommandResult(exitCode: 0, stderr: Array("noise".utf8)), command: ["true"],
                                                containerName: "c", podDescription: pod) == .succeeded)
    }

    @Test func tcpSocketHookIsInvalid() {
        let handler = LifecycleHandler(tcpSocket: TCPSocketAction(port: .int(8080)))
        #expect(LifecycleHookRunner.invalidHandler(handler) == .failed(message: "Cannot run handler: invalid handler: &LifecycleHandler{Exec:nil,HTTPGet:nil,TCPSocket:&TCPSocketAction{Port:{0 8080 },Host:,},Sleep:nil,}"))
    }

    @Test func httpHookIgnoresStatusCode() async {
        let captured = Captured()
        let server = httpServer { head in
            captured.add(head)
            return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
        }
        let action = HTTPGetAction(path: "/shutdown", port: .int(Int32(server.port)))
        let outcome = await LifecycleHookRunner().runHTTP(action, container: Container(name: "c"), podDescription: pod)
        #expect(outcome == .succeeded)
        #expect(captured.all.first?.contains("User-Agent: kube-lifecycle/1.33") == true)
    }

    @Test func httpHookTransportErrorFails() async {
        let port = LocalTestServer.unusedPort()
        let action = HTTPGetAction(path: "/stop", port: .int(Int32(port)))
        let outcome = await LifecycleHookRunner().runHTTP(action, container: Container(name: "c"), podDescription: pod)
        #expect(outcome == .failed(message: "HTTP lifecycle hook (/stop) for Container \"c\" in Pod \"web_default(u1)\" failed - error: Get \"http://127.0.0.1:\(port)/stop\": dial tcp 127.0.0.1:\(port): connect: connection refused"))
    }
}
