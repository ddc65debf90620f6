import TandemCLI

// Re-executed as a pod's pause init (shareProcessNamespace): never returns then.
runPauseProcessIfRequested()
await tandemMain()
