import TandemAPI

/// Probe and lifecycle-hook validation (`validateProbe`, `validateHandler`, `validateLifecycle`,
/// `validateSleepAction`), for regular containers and sidecars alike.
enum HandlerValidation {
    /// A probe's or hook's handler fields in the order the API server counts them.
    struct CommonHandler {
        var exec: ExecAction?
        var httpGet: HTTPGetAction?
        var tcpSocket: TCPSocketAction?
        var grpc: GRPCAction?
        var sleep: SleepAction?
    }

    static func validateLiveness(_ probe: Probe?, gracePeriod: Int64?, path: FieldPath) -> [FieldError] {
        guard let probe else { return [] }
        var errors = validateProbe(probe, gracePeriod: gracePeriod, path: path)
        let threshold = Int64(probe.successThreshold ?? 0)
        if threshold != 1 { errors.append(.invalid(path.child("successThreshold"), threshold, "must be 1")) }
        return errors
    }

    static func validateReadiness(_ probe: Probe?, gracePeriod: Int64?, path: FieldPath) -> [FieldError] {
        guard let probe else { return [] }
        var errors = validateProbe(probe, gracePeriod: gracePeriod, path: path)
        if let seconds = probe.terminationGracePeriodSeconds {
            errors.append(.invalid(path.child("terminationGracePeriodSeconds"), seconds, "must not be set for readinessProbes"))
        }
        return errors
    }

    static func validateStartup(_ probe: Probe?, gracePeriod: Int64?, path: FieldPath) -> [FieldError] {
        guard let probe else { return [] }
        var errors = validateProbe(probe, gracePeriod: gracePeriod, path: path)
        let threshold = Int64(probe.successThreshold ?? 0)
        if threshold != 1 { errors.append(.invalid(path.child("successThreshold"), threshold, "must be 1")) }
        return errors
    }

    static func validateProbe(_ probe: Probe, gracePeriod: Int64?, path: FieldPath) -> [FieldError] {
        let handler = CommonHandler(exec: probe.exec, httpGet: probe.httpGet, tcpSocket: probe.tcpSocket, grpc: probe.grpc)
        var errors = validateHandler(handler, gracePeriod: gracePeriod, path: path)
        let fields: [(String, Int32?)] = [
            ("initialDelaySeconds", probe.initialDelaySeconds), ("timeoutSeconds", probe.timeoutSeconds),
            ("periodSeconds", probe.periodSeconds), ("successThreshold", probe.successThreshold),
            ("failureThreshold", probe.failureThreshold),
        ]
        for (name, value) in fields {
            errors += nonnegative(Int64(value ?? 0), path: path.child(name))
        }
        if let seconds = probe.terminationGracePeriodSeconds, seconds <= 0 {
            errors.append(.invalid(path.child("terminationGracePeriodSeconds"), seconds, "must be greater than 0"))
        }
        return errors
    }

    static func validateLifecycle(_ lifecycle: Lifecycle, gracePeriod: Int64?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (name, hook) in [("postStart", lifecycle.postStart), ("preStop", lifecycle.preStop)] {
            guard let hook else { continue }
            let handler = CommonHandler(exec: hook.exec, httpGet: hook.httpGet, tcpSocket: hook.tcpSocket, sleep: hook.sleep)
            errors += validateHandler(handler, gracePeriod: gracePeriod, path: path.child(name))
        }
        return errors
    }

    static func validateHandler(_ handler: CommonHandler, gracePeriod: Int64?, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var count = 0
        func take(_ name: String, present: Bool, _ check: () -> [FieldError]) {
            guard present else { return }
            if count > 0 {
                errors.append(.forbidden(path.child(name), "may not specify more than 1 handler type"))
            } else {
                count += 1
                errors += check()
            }
        }
        take("exec", present: handler.exec != nil) {
            (handler.exec?.command ?? []).isEmpty ? [.required(path.child("exec", "command"))] : []
        }
        take("httpGet", present: handler.httpGet != nil) {
            validateHTTPGet(handler.httpGet ?? HTTPGetAction(), path: path.child("httpGet"))
        }
        take("tcpSocket", present: handler.tcpSocket != nil) {
            validatePortNumOrName(handler.tcpSocket?.port, path: path.child("tcpSocket", "port"))
        }
        take("grpc", present: handler.grpc != nil) {
            validatePortNumOrName(.int(handler.grpc?.port ?? 0), path: path.child("grpc", "port"))
        }
        take("sleep", present: handler.sleep != nil) {
            validateSleep(handler.sleep ?? SleepAction(), gracePeriod: gracePeriod, path: path.child("sleep"))
        }
        if count == 0 { errors.append(.required(path, "must specify a handler type")) }
        return errors
    }

    static func validateHTTPGet(_ action: HTTPGetAction, path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if action.path.isNilOrEmpty { errors.append(.required(path.child("path"))) }
        errors += validatePortNumOrName(action.port, path: path.child("port"))
        let scheme = action.scheme.orEmpty
        if scheme != "HTTP" && scheme != "HTTPS" {
            errors.append(.notSupported(path.child("scheme"), scheme, ["HTTP", "HTTPS"]))
        }
        for header in action.httpHeaders ?? [] {
            let name = header.name.orEmpty
            errors += NameRules.httpHeaderName(name).map { FieldError.invalid(path.child("httpHeaders"), name, $0) }
        }
        return errors
    }

    /// An absent port is Go's zero `IntOrString`, i.e. the number 0.
    static func validatePortNumOrName(_ port: IntOrString?, path: FieldPath) -> [FieldError] {
        switch port ?? .int(0) {
        case .int(let number):
            return NameRules.portNumber(Int64(number)).map { FieldError.invalid(path, Int64(number), $0) }
        case .string(let name):
            return NameRules.portName(name).map { FieldError.invalid(path, name, $0) }
        }
    }

    /// PodLifecycleSleepActionAllowZero is on by default in v1.33: 0 ≤ seconds ≤ grace period.
    /// Unchecked when the pod has no grace period (that is reported elsewhere).
    static func validateSleep(_ sleep: SleepAction, gracePeriod: Int64?, path: FieldPath) -> [FieldError] {
        let seconds = sleep.seconds ?? 0
        guard let gracePeriod, seconds < 0 || seconds > gracePeriod else { return [] }
        return [.invalid(path, seconds, "must be non-negative and less than terminationGracePeriodSeconds (\(gracePeriod))")]
    }

    static func nonnegative(_ value: Int64, path: FieldPath) -> [FieldError] {
        value < 0 ? [.invalid(path, value, "must be greater than or equal to 0")] : []
    }
}
