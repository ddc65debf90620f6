import TandemAPI
import TandemLifecycle

/// The production `NetworkHandlers`: the kubelet's httpGet, tcpSocket and grpc probes and
/// httpGet hooks against the pod IP, which for host processes is 127.0.0.1.
public struct StandardNetworkHandlers: NetworkHandlers {
    public static let podIP = "127.0.0.1"

    public init() {}

    public func probe(_ probe: Probe, of container: Container, in pod: Pod) async -> ProbeOutcome {
        let timeout = Duration.seconds(Int64(max(probe.timeoutSeconds ?? 1, 1)))
        if let httpGet = probe.httpGet {
            return await HTTPGetProber.probe(httpGet, container: container, podIP: Self.podIP, timeout: timeout)
        }
        if let tcp = probe.tcpSocket {
            switch ContainerPortResolution.resolve(tcp.port, in: container) {
            case .success(let port):
                return await TCPSocketProber.probe(host: tcp.host ?? Self.podIP, port: port, timeout: timeout)
            case .failure(let failure):
                return .error(message: failure.description)
            }
        }
        if let grpc = probe.grpc {
            return await GRPCHealthProber.probe(
                host: Self.podIP, port: Int(grpc.port ?? 0), service: grpc.service ?? "", timeout: timeout)
        }
        return .error(message: "unknown probe handler")
    }

    public func httpHook(_ action: HTTPGetAction, of container: Container, in pod: Pod) async -> HookOutcome {
        let description = LifecycleHookRunner.podDescription(
            name: pod.metadata?.name ?? "", namespace: pod.metadata?.namespace ?? "default", uid: pod.metadata?.uid ?? "")
        return await LifecycleHookRunner(podIP: Self.podIP).runHTTP(action, container: container, podDescription: description)
    }
}
