import ArgumentParser

/// The `tandem` command: a kubelet you can run anywhere, plus tools for adopting native sidecars.
public struct TandemCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Run Pods and Jobs with the kubelet's native-sidecar semantics, and check manifests.",
        subcommands: [RunCommand.self, ValidateCommand.self, ResourcesCommand.self, InjectCommand.self,
                      WebhookCommand.self]
    )

    public init() {}
}

/// Entry point of the executable.
public func tandemMain() async {
    await TandemCommand.main()
}
