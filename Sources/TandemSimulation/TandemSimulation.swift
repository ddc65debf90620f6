/// Placeholder until the `lint` branch brings TandemSimulation (the termination-budget simulation
/// over TandemLifecycle's `PodStateMachine`); kept so TandemAdoption's dependency list is final.
enum TandemSimulation {}
