// TandemManifest
