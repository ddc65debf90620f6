/// Namespace of the pure pod-lifecycle simulation (filled in by the termination simulator).
public enum TandemSimulationModule {}
