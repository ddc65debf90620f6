#!/usr/bin/env bash
# Fuzzes what tandem reads from outside with libFuzzer, each target for a fixed time:
#   manifest, validate, resources (ManifestLoader, validation, effective resources) and
#   hpack, http2, http1 (the probe byte parsers) and admission (the webhook's JSONTape and
#   AdmissionReviewHandler on /mutate bodies: JSONTape against Foundation, the shape patch against the
#   injector's full path).
# Fails on any crash and on any input that takes over TANDEM_FUZZ_LIMIT seconds (default 1).
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      (default 20 s, every target)
# Seeds: tests/fuzz/seeds/<target>/ plus the repository's manifests and fixtures.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(manifest validate resources hpack http2 http1 admission)

scratch=.build/fuzz
mkdir -p .build
build() {
    TANDEM_FUZZ=1 swift build --scratch-path "$scratch" --product tandem-fuzz \
        -Xswiftc -sanitize=fuzzer -Xswiftc -enable-testing -Xcc -fsanitize=fuzzer-no-link "$@"
}
build >"$scratch.log" 2>&1 || { cat "$scratch.log"; echo "fuzz: harness build failed"; exit 1; }
harness="$(TANDEM_FUZZ=1 swift build --scratch-path "$scratch" --show-bin-path)/tandem-fuzz"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
for target in "${targets[@]}"; do
    corpus="$work/$target"
    mkdir -p "$corpus" "$work/artifacts-$target"
    if [ -d "tests/fuzz/seeds/$target" ]; then cp tests/fuzz/seeds/"$target"/* "$corpus"/; fi
    case "$target" in
        manifest|validate|resources)
            cp tests/fuzz/seeds/manifest/* "$corpus"/ 2>/dev/null || true
            for file in examples/*.yaml Tests/TandemManifestTests/Fixtures/* tests/conformance/*/*.yaml; do
                [ -f "$file" ] && cp "$file" "$corpus/$(echo "$file" | tr / _)"
            done ;;
    esac
    log="$work/$target.log"
    status=0
    TANDEM_FUZZ_TARGET="$target" "$harness" "$corpus" -max_total_time="$seconds" -timeout="${TANDEM_FUZZ_LIMIT:-1}" \
        -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts-$target/" >"$log" 2>&1 || status=$?
    runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)"
    if [ "$status" -ne 0 ]; then
        failed=1
        kept="tests/fuzz/findings/$target"
        mkdir -p "$kept"
        cp "$work/artifacts-$target"/* "$kept"/ 2>/dev/null || true
        echo "fuzz $target: FAILED after $runs inputs (exit $status); inputs kept in $kept"
        grep -E "ERROR: libFuzzer|==ERROR|Fatal error|SUMMARY" "$log" | head -5 || true
    else
        echo "fuzz $target: 0 crashes, no input over ${TANDEM_FUZZ_LIMIT:-1} s, $runs inputs in ${seconds} s"
    fi
done
exit "$failed"
