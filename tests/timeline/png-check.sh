#!/usr/bin/env bash
# Renders the picture of a real run of examples/termination-order.yaml to PNG with headless Chromium
# (what `tandem timeline -o x.png` uses when rsvg-convert is absent) and checks the file: a PNG of twice
# the SVG's size. Looking at it is for a person: the PNG is left at $OUT (default a temporary file).
#   tests/timeline/png-check.sh [path/to/tandem]
# Skips (exit 0, with the reason) when chromium is not installed: apt-get install -y chromium.
set -euo pipefail
tandem=${1:-.build/debug/tandem}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$chromium" ]]; then
    echo "png-check: SKIPPED: no chromium on PATH (apt-get install -y chromium)"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$tandem" run --quiet --log-dir "$work/run" examples/termination-order.yaml &
run=$!
sleep 3
kill -TERM "$run"
wait "$run" || true
"$tandem" timeline "$work/run" -o "$work/t.svg"
# Chromium even when rsvg-convert is installed: PATH without the directory holding rsvg-convert.
path=$PATH
if rsvg=$(command -v rsvg-convert); then path=$(tr ':' '\n' <<<"$PATH" | grep -vx "$(dirname "$rsvg")" | paste -sd:); fi
PATH="$path:$(dirname "$chromium")" "$tandem" timeline "$work/run" -o "$work/t.png"
out=${OUT:-$(mktemp --suffix=.png)}
cp "$work/t.png" "$out"
python3 - "$work/t.svg" "$out" <<'PY'
import re, struct, sys
svg = open(sys.argv[1]).read()
width, height = map(int, re.search(r'<svg[^>]* width="(\d+)" height="(\d+)"', svg).groups())
data = open(sys.argv[2], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (2 * width, 2 * height), f"PNG is {w}x{h}, SVG {width}x{height}"
# The mains' SIGTERMs come before the sidecars', proxy's before log-shipper's (reverse order).
order = []
for lane in re.finditer(r'data-container="([^"]+)".*?</g>\n(?=<g class="lane"|<g class="line|</g>)', svg, re.S):
    first = re.search(r'class="marker sigterm"><title>[^<]*</title><path d="M([\d.]+)', lane.group(0))
    order.append((float(first.group(1)), lane.group(1)))
names = [name for _, name in sorted(order)]
assert names in (["worker", "app", "proxy", "log-shipper"], ["app", "worker", "proxy", "log-shipper"]), names
print(f"png-check: ok: {w}x{h} PNG at {sys.argv[2]}; SIGTERM order {' → '.join(names)}")
PY
