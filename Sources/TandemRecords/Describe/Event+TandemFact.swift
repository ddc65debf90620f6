import TandemAPI

extension Event {
    /// tandem's own facts (`source.component: tandem`) are not API events; `describe` leaves
    /// them out, as the API server would never have them.
    public var isTandemFact: Bool {
        source?.component == "tandem" || (source?.component == nil && reportingComponent == "tandem")
    }
}
