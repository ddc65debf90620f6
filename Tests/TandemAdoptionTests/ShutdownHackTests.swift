import TandemAPI
import Testing
@testable import TandemAdoption

@Suite struct ShutdownHackTests {
    private func preStop(_ handler: LifecycleHandler) -> Container {
        Container(name: "proxy", image: "envoy", lifecycle: Lifecycle(preStop: handler))
    }

    @Test func sleepingPreStops() {
        #expect(ShutdownHack.find(in: preStop(LifecycleHandler(exec: ExecAction(command: ["sleep", "15"])))) == [
            ShutdownHack(kind: .preStopSleep, location: .preStop, excerpt: "sleep 15", sleepSeconds: 15)])
        #expect(ShutdownHack.find(in: preStop(LifecycleHandler(exec: ExecAction(command: ["/bin/sh", "-c", "echo bye; sleep 5"])))) == [
            ShutdownHack(kind: .preStopSleep, location: .preStop, excerpt: "echo bye; sleep 5", sleepSeconds: 5)])
        #expect(ShutdownHack.find(in: preStop(LifecycleHandler(sleep: SleepAction(seconds: 20)))) == [
            ShutdownHack(kind: .preStopSleep, location: .preStop, excerpt: "sleep: {seconds: 20}", sleepSeconds: 20)])
    }

    @Test func preStopThatWorksIsNotASleepHack() {
        #expect(ShutdownHack.find(in: preStop(LifecycleHandler(exec: ExecAction(command: ["sh", "-c", "nginx -s quit; sleep 5"])))) == [])
        #expect(ShutdownHack.find(in: preStop(LifecycleHandler(httpGet: HTTPGetAction(path: "/drain", port: .int(8080))))) == [])
    }

    @Test func quitEndpointCalls() {
        let job = Container(name: "migrate", command: ["sh", "-c"],
                            args: ["./migrate; code=$?; curl -fsS -X POST http://localhost:9091/quitquitquit; exit $code"])
        #expect(ShutdownHack.find(in: job) == [
            ShutdownHack(kind: .quitEndpoint, location: .args(index: 0),
                         excerpt: "curl -fsS -X POST http://localhost:9091/quitquitquit",
                         target: .http(scheme: "HTTP", host: "localhost", port: 9091, path: "/quitquitquit"))])
        let wget = Container(name: "app", command: ["sh", "-c", "./run && wget -qO- --post-data '' localhost:4191/shutdown"])
        #expect(ShutdownHack.find(in: wget).map(\.target) == [.http(scheme: "HTTP", host: "localhost", port: 4191, path: "/shutdown")])
        let hook = preStop(LifecycleHandler(httpGet: HTTPGetAction(path: "/quitquitquit", port: .int(15000))))
        #expect(ShutdownHack.find(in: hook) == [
            ShutdownHack(kind: .quitEndpoint, location: .preStop, excerpt: "httpGet /quitquitquit",
                         target: .http(scheme: "HTTP", host: "localhost", port: 15000, path: "/quitquitquit"))])
    }

    @Test func kubexitAndLinkerdAwaitShutdown() {
        let kubexit = Container(name: "app", command: ["/kubexit/kubexit", "./app"],
                                env: [EnvVar(name: "KUBEXIT_NAME", value: "app")])
        #expect(ShutdownHack.find(in: kubexit) == [
            ShutdownHack(kind: .kubexit, location: .command(index: 0), excerpt: "/kubexit/kubexit ./app")])
        let byEnv = Container(name: "proxy", env: [EnvVar(name: "A", value: "1"), EnvVar(name: "KUBEXIT_DEATH_DEPS", value: "app")])
        #expect(ShutdownHack.find(in: byEnv) == [
            ShutdownHack(kind: .kubexit, location: .env(index: 1), excerpt: "KUBEXIT_DEATH_DEPS=app")])
        let awaiter = Container(name: "app", command: ["linkerd-await", "--shutdown", "--", "./job"])
        #expect(ShutdownHack.find(in: awaiter) == [
            ShutdownHack(kind: .linkerdAwaitShutdown, location: .command(index: 0), excerpt: "linkerd-await --shutdown")])
    }

    @Test func ordinaryContainersHaveNone() {
        #expect(ShutdownHack.find(in: Container(name: "app", command: ["sh", "-c", "curl -f localhost:8080/shutdown-report.txt"])) == [])
        #expect(ShutdownHack.find(in: Container(name: "app", image: "nginx")) == [])
    }
}
