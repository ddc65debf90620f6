import TandemAPI

/// `startup-wait-hack` and `shutdown-hack`, over the recognisers in `Hacks/` (shared with `tandem convert`).
enum HackRules {
    static func check(_ pod: PodContext, into findings: inout [RawFinding]) {
    }
}
