import TandemAPI
import Testing
@testable import TandemAdoption

@Suite struct StartupWaitHackTests {
    private func shell(_ script: String) -> Container {
        Container(name: "app", image: "app", command: ["/bin/sh", "-c", script])
    }

    @Test func untilCurlLoopBeforeExecIsAPurePrefix() {
        let script = "echo 'waiting for the proxy' >&2; until curl -fsS http://localhost:15021/healthz/ready; do echo waiting; sleep 2; done; exec ./app --port 8080"
        #expect(StartupWaitHack.find(in: shell(script)) == StartupWaitHack(
            kind: .pollLoop, location: .command(index: 2),
            target: .http(scheme: "HTTP", host: "localhost", port: 15021, path: "/healthz/ready"),
            excerpt: "until curl -fsS http://localhost:15021/healthz/ready; do echo waiting; sleep 2; done",
            remainingScript: "exec ./app --port 8080", intervalSeconds: 2))
    }

    /// What follows the wait is the program's work, an `echo` included: the rest starts right
    /// after `done` (the new user's Job, whose `echo` writes the file the program reads).
    @Test func everythingAfterTheWaitStays() {
        let job = "until nc -z localhost 5432; do sleep 1; done; echo 'host=127.0.0.1 port=5432' > /tmp/db.conf; exec python3 migrate.py /tmp/db.conf"
        #expect(StartupWaitHack.find(in: shell(job)) == StartupWaitHack(
            kind: .pollLoop, location: .command(index: 2), target: .tcp(host: "localhost", port: 5432),
            excerpt: "until nc -z localhost 5432; do sleep 1; done",
            remainingScript: "echo 'host=127.0.0.1 port=5432' > /tmp/db.conf; exec python3 migrate.py /tmp/db.conf", intervalSeconds: 1))
        let logLines = "until nc -z localhost 5432; do sleep 1; done; echo migrating; sleep 1; echo done; exec ./migrate"
        #expect(StartupWaitHack.find(in: shell(logLines))?.remainingScript == "echo migrating; sleep 1; echo done; exec ./migrate")
        let chained = "while ! wget -q --spider http://localhost:8080/ready; do sleep 1; done && echo ready && exec app"
        #expect(StartupWaitHack.find(in: shell(chained))?.remainingScript == "echo ready && exec app")
        let newlines = "until nc -z 127.0.0.1 5432\ndo\n  sleep 2\ndone\necho started\n./migrate up"
        #expect(StartupWaitHack.find(in: shell(newlines))?.remainingScript == "echo started\n./migrate up")
        let pilot = "pilot-agent wait; echo ready; exec ./app"
        #expect(StartupWaitHack.find(in: shell(pilot))?.remainingScript == "echo ready; exec ./app")
        let sleep = "sleep 5; echo started; exec ./app"
        #expect(StartupWaitHack.find(in: shell(sleep))?.remainingScript == "echo started; exec ./app")
    }

    /// `timeout N sh -c 'LOOP'` is the wait as a whole; what follows it stays.
    @Test func aLoopUnderTimeoutIsTheWait() {
        let script = "timeout -s KILL 60s sh -c 'until nc -z localhost 5432; do sleep 1; done'; echo ready; exec app"
        #expect(StartupWaitHack.find(in: shell(script)) == StartupWaitHack(
            kind: .pollLoop, location: .command(index: 2), target: .tcp(host: "localhost", port: 5432),
            excerpt: "timeout -s KILL 60s sh -c 'until nc -z localhost 5432; do sleep 1; done'",
            remainingScript: "echo ready; exec app", intervalSeconds: 1))
        #expect(StartupWaitHack.find(in: shell("echo waiting; timeout 1m sh -c 'until nc -z localhost 5432; do sleep 1; done' && exec app"))?
            .remainingScript == "exec app")
        // More than a wait under the timeout: not recognised, so nothing is cut.
        #expect(StartupWaitHack.find(in: shell("timeout 60 sh -c 'until nc -z localhost 5432; do sleep 1; done; ./seed'; exec app")) == nil)
    }

    /// Before the wait only announcements may go with it; a loop that does more than wait stays.
    @Test func onlyAnnouncementsBeforeTheWaitAndOnlyWaitingInsideIt() {
        let cases: [(String, String?)] = [
            ("echo waiting; printf 'for %s\\n' db >&2; until nc -z localhost 5432; do sleep 1; done; exec app", "exec app"),
            ("echo 'started' 2>/dev/null; until nc -z localhost 5432; do echo .; sleep 1; done; exec app", "exec app"),
            ("echo host=db > /tmp/db.conf; until nc -z localhost 5432; do sleep 1; done; exec app", nil),
            ("echo started >> /var/log/app.log; until nc -z localhost 5432; do sleep 1; done; exec app", nil),
            ("echo \"$(date)\"; until nc -z localhost 5432; do sleep 1; done; exec app", nil),
            (": ${DB_PORT:=5432}; until nc -z localhost 5432; do sleep 1; done; exec app", nil),
            ("printf -v x %s 1; until nc -z localhost 5432; do sleep 1; done; exec app", nil),
            ("echo waiting | tee /tmp/log; until nc -z localhost 5432; do sleep 1; done; exec app", nil),
            ("until nc -z localhost 5432; do ./refresh-token; sleep 1; done; exec app", nil),
            ("until nc -z localhost 5432; do i=$((i+1)); sleep 1; done; exec app", nil),
            ("until nc -z localhost 5432; do sleep 1; done", nil),
            ("until nc -z localhost 5432; do sleep 1; done | tee /tmp/log; exec app", nil),
            ("until nc -z localhost 5432; do sleep 1; done & exec app", nil),
        ]
        for (script, remaining) in cases {
            let hack = StartupWaitHack.find(in: shell(script))
            #expect(hack?.kind == .pollLoop, "\(script)")
            #expect(hack?.remainingScript == remaining, "\(script)")
        }
    }

    @Test func scriptInArgsAndBareHostPort() {
        let container = Container(name: "app", command: ["sh", "-c"],
                                  args: ["until curl -s -o /dev/null -H 'Host: x' 127.0.0.1:15000/ready\ndo\n  sleep 1\ndone\nexec app"])
        let hack = StartupWaitHack.find(in: container)
        #expect(hack?.location == .args(index: 0))
        #expect(hack?.target == .http(scheme: "HTTP", host: "127.0.0.1", port: 15000, path: "/ready"))
        #expect(hack?.remainingScript == "exec app")
        #expect(hack?.intervalSeconds == 1)
    }

    @Test func whileNotWgetAndNcAndDevTCP() {
        #expect(StartupWaitHack.find(in: shell("while ! wget -q --spider https://localhost:8443/health; do sleep 1; done && exec app"))?.target
                == .http(scheme: "HTTPS", host: "localhost", port: 8443, path: "/health"))
        #expect(StartupWaitHack.find(in: shell("until nc -z -w 1 localhost 5432; do sleep 1; done; ./migrate"))?.target
                == .tcp(host: "localhost", port: 5432))
        #expect(StartupWaitHack.find(in: shell("until nc -z localhost 5432; do sleep 1; done; ./migrate"))?.remainingScript
                == "./migrate")
        #expect(StartupWaitHack.find(in: shell("until echo > /dev/tcp/127.0.0.1/6379; do sleep 1; done; exec redis-app"))?.target
                == .tcp(host: "127.0.0.1", port: 6379))
    }

    @Test func whileTrueBreakAndCommandSubstitution() {
        let breakLoop = StartupWaitHack.find(in: shell("while true; do curl -sf localhost:9901/ready && break; sleep 3; done; exec app"))
        #expect(breakLoop?.target == .http(scheme: "HTTP", host: "localhost", port: 9901, path: "/ready"))
        #expect(breakLoop?.intervalSeconds == 3)
        let substitution = StartupWaitHack.find(in: shell(
            #"until [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:15020/healthz/ready)" = "200" ]; do sleep 1; done; exec app"#))
        #expect(substitution?.target == .http(scheme: "HTTP", host: "localhost", port: 15020, path: "/healthz/ready"))
        #expect(substitution?.remainingScript == "exec app")
    }

    @Test func unclearTargetsAndImpurePrefixesAreStillHacks() {
        let variable = StartupWaitHack.find(in: shell("until curl -f $PROXY_URL; do sleep 1; done; exec app"))
        #expect(variable?.kind == .pollLoop)
        #expect(variable?.target == nil)
        #expect(variable?.remainingScript == "exec app")
        let twoTargets = StartupWaitHack.find(in: shell("until curl -f localhost:1/a && curl -f localhost:2/b; do sleep 1; done; exec app"))
        #expect(twoTargets?.target == nil)
        let afterWork = StartupWaitHack.find(in: shell("./prepare.sh; until curl -f localhost:8080/; do sleep 1; done; exec app"))
        #expect(afterWork?.target == .http(scheme: "HTTP", host: "localhost", port: 8080, path: "/"))
        #expect(afterWork?.remainingScript == nil)
        let orExit = StartupWaitHack.find(in: shell("until curl -f localhost:8080/; do sleep 1; done || exit 1; exec app"))
        #expect(orExit?.remainingScript == nil)
    }

    @Test func sleepBeforeStart() {
        #expect(StartupWaitHack.find(in: shell("sleep 5 && exec /app")) == StartupWaitHack(
            kind: .sleepBeforeStart, location: .command(index: 2), target: nil, excerpt: "sleep 5",
            remainingScript: "exec /app", intervalSeconds: 5))
        #expect(StartupWaitHack.find(in: shell("sleep 10")) == nil)
    }

    /// `set` with only options before a wait keeps the prefix cuttable and stays; `set -- ARGS`
    /// and `set VALUE` set positional parameters, which is work.
    @Test func shellOptionsBeforeAWaitStay() {
        #expect(StartupWaitHack.find(in: shell("set -e; until nc -z localhost 5432; do sleep 1; done; exec /app"))?.remainingScript
                == "set -e; exec /app")
        #expect(StartupWaitHack.find(in: shell("set -o pipefail +x\npilot-agent wait && exec /app"))?.remainingScript
                == "set -o pipefail +x\nexec /app")
        #expect(StartupWaitHack.find(in: shell("set -e; wait-for-it localhost:5432 -- ./app"))?.remainingScript
                == "set -e; exec ./app")
        #expect(StartupWaitHack.find(in: shell("set -- a b; until nc -z localhost 5432; do sleep 1; done; exec /app"))?.remainingScript == nil)
        #expect(StartupWaitHack.find(in: shell("set x; until nc -z localhost 5432; do sleep 1; done; exec /app"))?.remainingScript == nil)
        #expect(StartupWaitHack.find(in: shell("set -o $OPT; until nc -z localhost 5432; do sleep 1; done; exec /app"))?.remainingScript == nil)
    }

    /// A sleep delays the start only as the script's first step; between two steps it is work.
    @Test func aSleepAfterTheFirstStepIsWork() {
        #expect(StartupWaitHack.find(in: shell("echo working; sleep 2; echo finished")) == nil)
        #expect(StartupWaitHack.find(in: shell("./prepare; sleep 5 && exec /app")) == nil)
        #expect(StartupWaitHack.find(in: shell("sleep 5 & exec /app")) == nil)
        #expect(StartupWaitHack.find(in: shell("sleep 5 || exit 1; exec /app")) == nil)
    }

    @Test func wrappers() {
        let awaiter = StartupWaitHack.find(in: Container(name: "app", command: ["/linkerd-await", "--timeout=2m", "--"], args: ["./app"]))
        #expect(awaiter == StartupWaitHack(kind: .linkerdAwait, location: .command(index: 0),
                                         target: .http(scheme: "HTTP", host: "localhost", port: 4191, path: "/ready"),
                                         excerpt: "/linkerd-await --timeout=2m"))
        let inScript = StartupWaitHack.find(in: shell("linkerd-await --port 4192 -- ./app --flag"))
        #expect(inScript?.target == .http(scheme: "HTTP", host: "localhost", port: 4192, path: "/ready"))
        #expect(inScript?.remainingScript == "exec ./app --flag")
        #expect(inScript?.excerpt == "linkerd-await --port 4192 --")
        let pilot = StartupWaitHack.find(in: shell("pilot-agent wait && exec ./app"))
        #expect(pilot?.kind == .pilotAgentWait)
        #expect(pilot?.remainingScript == "exec ./app")
        #expect(pilot?.target == .http(scheme: "HTTP", host: "localhost", port: 15021, path: "/healthz/ready"))
        let waitForIt = StartupWaitHack.find(in: Container(name: "app", command: ["./wait-for-it.sh", "localhost:5432", "-t", "30", "--", "./app"]))
        #expect(waitForIt?.kind == .waitForIt)
        #expect(waitForIt?.target == .tcp(host: "localhost", port: 5432))
    }

    @Test func pilotAgentWaitInPostStart() {
        let proxy = Container(name: "istio-proxy", image: "istio/proxyv2",
                              lifecycle: Lifecycle(postStart: LifecycleHandler(exec: ExecAction(command: ["pilot-agent", "wait"]))))
        #expect(StartupWaitHack.find(in: proxy) == StartupWaitHack(
            kind: .pilotAgentWait, location: .postStart,
            target: .http(scheme: "HTTP", host: "localhost", port: 15021, path: "/healthz/ready"), excerpt: "pilot-agent wait"))
    }

    @Test func istioHoldAnnotations() {
        #expect(StartupWaitHack.find(inAnnotations: ["sidecar.istio.io/holdApplicationUntilProxyStarts": "true"])?.location
                == .annotation(key: "sidecar.istio.io/holdApplicationUntilProxyStarts"))
        #expect(StartupWaitHack.find(inAnnotations: ["proxy.istio.io/config": "{ \"holdApplicationUntilProxyStarts\": true }"])?.kind
                == .istioHoldAnnotation)
        #expect(StartupWaitHack.find(inAnnotations: ["proxy.istio.io/config": "holdApplicationUntilProxyStarts: true\n"]) != nil)
        #expect(StartupWaitHack.find(inAnnotations: ["proxy.istio.io/config": "holdApplicationUntilProxyStarts: false"]) == nil)
        #expect(StartupWaitHack.find(inAnnotations: ["sidecar.istio.io/holdApplicationUntilProxyStarts": "false"]) == nil)
    }

    @Test func ordinaryCommandsAreNotHacks() {
        #expect(StartupWaitHack.find(in: shell("exec nginx -g 'daemon off;'")) == nil)
        #expect(StartupWaitHack.find(in: shell("while true; do date; sleep 5; done")) == nil)
        #expect(StartupWaitHack.find(in: shell("for i in 1 2 3; do echo $i; done")) == nil)
        #expect(StartupWaitHack.find(in: Container(name: "app", command: ["curl", "localhost:8080/"])) == nil)
        #expect(StartupWaitHack.find(in: Container(name: "app", args: ["--wait"])) == nil)
    }
}
