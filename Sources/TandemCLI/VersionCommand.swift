import ArgumentParser
import TandemOS

/// What `tandem version` and `tandem --version` print: tandem's version, the Kubernetes version
/// whose kubelet and API server behaviour it follows, and how this binary was built.
enum TandemVersion {
    static let version = "0.3.0"
    /// The Kubernetes release whose behaviour `run`, `validate` and the defaults follow.
    static let kubernetes = "v1.33"

    static var build: String {
        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        #if arch(x86_64)
        let architecture = "x86_64"
        #elseif arch(arm64)
        let architecture = "arm64"
        #else
        let architecture = "unknown"
        #endif
        #if compiler(>=6.3)
        let compiler = "Swift 6.3"
        #elseif compiler(>=6.2)
        let compiler = "Swift 6.2"
        #else
        let compiler = "Swift 6.1"
        #endif
        return "\(configuration), \(compiler), linux/\(architecture)"
    }

    static var text: String {
        "tandem \(version)\nkubernetes: \(kubernetes) (the kubelet and API server behaviour tandem follows)\nbuild: \(build)"
    }
}

/// `tandem version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print tandem's version, the Kubernetes version it follows, and the build."
    )

    func run() throws {
        StandardStreams.writeOut(TandemVersion.text + "\n")
    }
}
