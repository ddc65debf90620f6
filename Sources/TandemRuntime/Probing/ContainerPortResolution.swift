import TandemAPI

/// Turns a probe's or hook's `port` (a number or a `ports[].name`) into a port number, with the
/// kubelet's error texts (`pkg/probe/util.go` `ResolveContainerPort`).
public enum ContainerPortResolution {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static func resolve(_ port: IntOrString?, in container: Container) -> Result<Int, Failure> {
        let number: Int
        switch port {
        case .none:
            return .failure(Failure(description: "invalid port number: 0"))
        case .int(let value):
            number = Int(value)
        case .string(let name):
            if let named = container.ports?.first(where: { $0.name == name }) {
                number = Int(named.containerPort ?? 0)
            } else if let parsed = Int(name) {
                // The kubelet's last ditch effort: a number stored as a string.
                number = parsed
            } else {
                return .failure(Failure(description: "strconv.Atoi: parsing \"\(name)\": invalid syntax"))
            }
        }
        guard number > 0 && number < 65536 else {
            return .failure(Failure(description: "invalid port number: \(number)"))
        }
        return .success(number)
    }
}
