import Foundation
import Glibc

/// The records a finished run left in a `--log-dir` that a new run reuses, removed before the
/// new run writes: its container logs, `events.jsonl`, `pods.json` and `run.json`.
///
/// Replaced rather than refused because a reused `--log-dir` is what people script (`tandem run
/// --log-dir out pod.yaml` in a loop, as `docker compose up` after `down` starts with fresh
/// container logs and a re-created pod's `kubectl logs` starts empty): mixing two runs' `0.log`
/// is never wanted, and refusing would make every rerun a `rm -rf` first. Only tandem's own
/// files go: `<pod>/<container>/<n>.log` of the pods the old run recorded (then those folders if
/// empty), never anything else a user keeps there.
enum PreviousRun {
    static let recordFiles = ["events.jsonl", "pods.json", RunManifest.fileName]

    static func clear(in directory: String) {
        let records = RunRecords(directory: directory)
        let pods = records.finalPods + (records.manifest?.pods ?? [])
        var seen = Set<String>()
        for pod in pods {
            guard let name = pod.metadata?.name, isPlainName(name), seen.insert(name).inserted else { continue }
            let containers = (pod.spec?.initContainers ?? []) + (pod.spec?.containers ?? [])
            for container in containers {
                guard let containerName = container.name, isPlainName(containerName) else { continue }
                let folder = "\(directory)/\(name)/\(containerName)"
                for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where isLogFile(file) {
                    unlink("\(folder)/\(file)")
                }
                rmdir(folder)
            }
            rmdir("\(directory)/\(name)")
        }
        for file in recordFiles { unlink("\(directory)/\(file)") }
    }

    /// A name that stays one path component (a hand-edited `run.json` must not point elsewhere).
    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/")
    }

    /// `<attempt>.log`, as CRILogWriter names them, and `<attempt>.termination-log`, the file
    /// bind-mounted at a run's `terminationMessagePath`.
    private static func isLogFile(_ name: String) -> Bool {
        [".log", ".termination-log"].contains { suffix in
            name.hasSuffix(suffix) && name.count > suffix.count
                && name.dropLast(suffix.count).allSatisfy { $0.isASCII && $0.isNumber }
        }
    }
}
