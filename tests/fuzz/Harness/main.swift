// libFuzzer harness for what tandem reads from outside: manifests (loader, validate, resources)
// the bytes probe targets send back (HTTP/1 responses, HTTP/2 frames, HPACK header blocks) and the
// admission webhook's /mutate bodies.
// Built only by tests/fuzz/run.sh (TANDEM_FUZZ=1, -sanitize=fuzzer); the target to fuzz is
// named by TANDEM_FUZZ_TARGET. Whichever `main` the linker keeps, ours (handing over to
// libFuzzer's driver) or libFuzzer's own, inputs arrive at `LLVMFuzzerTestOneInput`.
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
