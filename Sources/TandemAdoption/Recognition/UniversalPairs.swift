import TandemAPI

/// The pairs `tandem inject --mode universal` (and the webhook in that mode) writes: the sidecar
/// `NAME` as a restartable init container and `NAME-fallback` as a regular container, with the
/// marker annotation `sidecar.tandem.dev/NAME: universal` on the pod (template). The fallback is
/// not a legacy sidecar: where native sidecars work it stands by (a Deployment's pod) or exits 0
/// at once (a Job's), and it runs the sidecar only where they do not (see `UniversalWrapper`).
/// Moving it to `initContainers` gives the pod two restartable copies whose wrapper then exits
/// in a loop, so lint and convert leave it alone.
public enum UniversalPairs {
    /// The fallbacks among `spec.containers`: index → the sidecar's name, for each annotation
    /// `sidecar.tandem.dev/NAME: universal` whose init container `NAME` and container
    /// `NAME-fallback` are both in the spec. `annotations` are the pod's (or its template's),
    /// where the injector writes the marker.
    public static func fallbacks(in spec: PodSpec, annotations: [String: String]?) -> [Int: String] {
        guard let annotations else { return [:] }
        let prefix = SidecarInjector.markerAnnotation(for: "")
        let initNames = Set((spec.initContainers ?? []).compactMap(\.name))
        var result: [Int: String] = [:]
        for (key, value) in annotations where key.hasPrefix(prefix) && value == InjectionMode.universal.rawValue {
            let name = String(key.dropFirst(prefix.count))
            guard !name.isEmpty, initNames.contains(name),
                  let index = (spec.containers ?? []).firstIndex(where: { $0.name == UniversalWrapper.fallbackName(of: name) })
            else { continue }
            result[index] = name
        }
        return result
    }
}
