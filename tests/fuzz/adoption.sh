#!/usr/bin/env bash
# Breaks tandem's adoption commands (lint, convert, inject, feature-check, check-admission) the way
# attackers and careless users do, for a bounded time, through the built binary:
#   1. the fixed hostile inputs of adoption_inputs.py (alias bombs, duplicate keys under aliases,
#      nested merge keys, deep nesting, random bytes, invalid UTF-8, NUL, huge numbers and
#      quantities, control characters everywhere, weird but valid YAML, large files);
#   2. batches of random mutations of the repository's manifests until SECONDS have passed;
#   3. the streams: /dev/null, a FIFO, <(cmd), a directory, a missing file among good ones,
#      standard input twice, a file over 32 MiB, closed stdout/stderr, a reader that goes away.
# Every run must end with status 0, 1 or 2 (SIGPIPE for a reader that left), within 1 s of CPU,
# its reasons as whole lines on stderr when it is 2 (every problem of a file, in order; with -o json
# the loadErrors object on stdout instead), and no raw control character in what it prints.
#   [TANDEM_BINARY=PATH] tests/fuzz/adoption.sh [SECONDS]   (default 60; the fixed inputs always run in full)
# Faulty inputs are kept in tests/fuzz/findings/adoption/.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-60}"
# TANDEM_BINARY: a tandem already built (.ci/run passes its own); else build one.
if [ -n "${TANDEM_BINARY:-}" ]; then
    tandem="$TANDEM_BINARY"
else
    swift build --product tandem >/dev/null
    tandem="$(swift build --show-bin-path)/tandem"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
start=$SECONDS

keep() {   # keeps the inputs named in a runner's report
    mkdir -p tests/fuzz/findings/adoption
    grep -Eo '^[A-Z-]+ [a-z-]+ [^:]+' "$1" | awk '{print $3}' | sort -u | while read -r path; do
        [ -f "$path" ] && cp "$path" tests/fuzz/findings/adoption/ || true
    done
}

# 1. Fixed inputs.
python3 tests/fuzz/adoption_inputs.py "$work/fixed"
if ! python3 tests/fuzz/adoption_run.py --limit "${TANDEM_FUZZ_LIMIT:-1}" "$tandem" "$work/fixed" --jobs 2 >"$work/fixed.log"; then
    failed=1
    keep "$work/fixed.log"
fi
cat "$work/fixed.log"

# 2. Mutants, batch after batch, until the time is up; at least one batch, even when the corpus
#    above took the whole budget (as it does with CI's 20 s).
seeds=(examples/*.yaml tests/lint/fixtures/*.yaml tests/convert/*.yaml tests/inject/*.yaml
       tests/checks/admission/*.yaml tests/checks/admission/*.json tests/checks/feature-check/*.json)
batch=0
mutants=0
while [ "$batch" -eq 0 ] || [ $((SECONDS - start)) -lt "$seconds" ]; do
    batch=$((batch + 1))
    dir="$work/mutants-$batch"
    mkdir -p "$dir"
    python3 tests/fuzz/adoption_inputs.py "$dir.tmp" --seed "$batch$RANDOM" --mutants 20 --seeds "${seeds[@]}"
    mv "$dir.tmp"/mutant-* "$dir"/
    mutants=$((mutants + 20))
    if ! python3 tests/fuzz/adoption_run.py --limit "${TANDEM_FUZZ_LIMIT:-1}" "$tandem" "$dir" --jobs 2 >"$dir.log"; then
        failed=1
        grep -v '^adoption fuzz:' "$dir.log" || true
        keep "$dir.log"
    fi
done
echo "adoption fuzz: $mutants mutants in $batch batches"

# 3. Streams and files.
pod=tests/lint/fixtures/deployment-fluent-bit.yaml
sidecar=tests/inject/shipper-sidecar.yaml
after=tests/checks/admission/pod-after-webhooks.yaml
head -c $((33 << 20)) /dev/zero | tr '\0' '#' >"$work/big.yaml"
commands=("lint" "convert" "inject --sidecar $sidecar" "feature-check --nodes" "check-admission $pod")
stream_faults=0
check() {   # check NAME EXPECTED-STATUSES STATUS STDERR-FILE (/dev/null: stderr was closed)
    local name="$1" allowed="$2" status="$3" err="$4"
    if ! grep -qw -- "$status" <<<"$allowed"; then
        echo "STREAM $name: exit $status (expected $allowed): $(head -c 300 "$err")"; stream_faults=$((stream_faults + 1))
    elif [ "$status" = 2 ] && [ "$err" != /dev/null ] && { [ "$(wc -l <"$err")" -lt 1 ] || grep -qx '' "$err"; }; then
        echo "STREAM $name: exit 2 without its reasons as whole lines: $(head -c 300 "$err")"; stream_faults=$((stream_faults + 1))
    elif LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$err"; then
        echo "STREAM $name: control character on stderr"; stream_faults=$((stream_faults + 1))
    fi
}
for command in "${commands[@]}"; do
    read -r -a words <<<"$command"
    status=0; timeout 10 "$tandem" "${words[@]}" /dev/null >/dev/null 2>"$work/err" || status=$?
    check "$command /dev/null" "0 1 2" "$status" "$work/err"
    status=0; timeout 10 "$tandem" "${words[@]}" <(cat "$pod") >/dev/null 2>"$work/err" || status=$?
    check "$command <(cat)" "0 1 2" "$status" "$work/err"
    rm -f "$work/fifo"; mkfifo "$work/fifo"; (cat "$pod" >"$work/fifo" &)
    status=0; timeout 10 "$tandem" "${words[@]}" "$work/fifo" >/dev/null 2>"$work/err" || status=$?
    check "$command FIFO" "0 1 2" "$status" "$work/err"
    # The FIFO's writer may still wait for a reader the command never was.
    timeout 1 cat "$work/fifo" >/dev/null 2>&1 || true
    status=0; timeout 10 "$tandem" "${words[@]}" "$work" >/dev/null 2>"$work/err" || status=$?
    check "$command DIR" "0 1 2" "$status" "$work/err"
    status=0; timeout 10 "$tandem" "${words[@]}" "$work/missing.yaml" >/dev/null 2>"$work/err" || status=$?
    check "$command missing" "2" "$status" "$work/err"
    status=0; timeout 10 "$tandem" "${words[@]}" "$work/big.yaml" >/dev/null 2>"$work/err" || status=$?
    check "$command over 32 MiB" "2" "$status" "$work/err"
    status=0; timeout 10 "$tandem" "${words[@]}" "$pod" >&- 2>"$work/err" || status=$?
    check "$command >&-" "0 1 2" "$status" "$work/err"
    status=0; timeout 10 "$tandem" "${words[@]}" "$pod" >&- 2>&- || status=$?
    check "$command >&- 2>&-" "0 1 2" "$status" /dev/null
    set +e; timeout 10 "$tandem" "${words[@]}" examples/*.yaml 2>"$work/err" | head -c 1 >/dev/null; status=${PIPESTATUS[0]}; set -e
    check "$command | head" "0 1 2 141" "$status" "$work/err"
done
for command in "lint - -" "convert - -" "validate - -" "inject - - --sidecar $sidecar" "check-admission - -" "feature-check --metrics - --nodes -"; do
    read -r -a words <<<"$command"
    status=0; timeout 10 "$tandem" "${words[@]}" <"$pod" >/dev/null 2>"$work/err" || status=$?
    check "$command (stdin twice)" "2" "$status" "$work/err"
done
status=0; timeout 10 "$tandem" lint "$pod" "$work/missing.yaml" "$after" >/dev/null 2>"$work/err" || status=$?
check "lint good missing good" "2" "$status" "$work/err"
echo "adoption fuzz: streams and files, $stream_faults faulty"
[ "$stream_faults" -eq 0 ] || failed=1

[ "$failed" -eq 0 ] && echo "adoption fuzz: PASS (0 crashes, no input over ${TANDEM_FUZZ_LIMIT:-1} s of CPU)" || echo "adoption fuzz: FAILED"
exit "$failed"
