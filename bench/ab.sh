#!/usr/bin/env bash
# Two builds of Interflow compared on this machine: `interflow-bench cluster` at one client count,
# the builds taking turns A B, B A, A B, ... so that each round's ratio compares two runs back to
# back. The order alternates because in a fixed order A B A B the same build compared with itself
# came out 4 % faster in second place, in all of 4 pairs (BENCHMARKS.md, seventeenth session on
# issue 13). Prints every run, then the median of the rounds' B/A ratios with their range.
#
#   mkdir /tmp/A && cp .build/release/{center-node,interflow-bench} .build/release/*.so /tmp/A/
#   ... change, build, copy to /tmp/B likewise ...
#   bash bench/ab.sh /tmp/A /tmp/B                   # 128 clients, 6 rounds of 8 s
#   CLIENTS=16 ROUNDS=4 DURATION=6 bash bench/ab.sh /tmp/A /tmp/B
#
# Each directory holds a release build's `center-node` and `interflow-bench` (and the shared
# libraries beside them); the bench starts the `center-node` found beside itself.
set -euo pipefail
if [ $# -ne 2 ] || [ ! -x "$1/interflow-bench" ] || [ ! -x "$2/interflow-bench" ]; then
    echo "usage: bash bench/ab.sh DIR_A DIR_B (each holding center-node and interflow-bench of a release build)" >&2
    exit 2
fi
clients=${CLIENTS:-128}
rounds=${ROUNDS:-6}
duration=${DURATION:-8}
warmup=${WARMUP:-2}
tickets=${TICKETS:-5000}
results=$(mktemp /tmp/interflow-ab.XXXXXX)
trap 'rm -f "$results"' EXIT

run() { # label dir
    local line
    line=$("$2/interflow-bench" cluster --clients "$clients" --duration "$duration" --warmup "$warmup" \
        --failover-cycles 0 --tickets "$tickets" 2>/dev/null | tail -1)
    echo "$1 $line" | tee -a "$results"
}

echo "label clients seconds requests errors appends/s p50-ms p99-ms p999-ms max-ms cpu-ms/append db-bytes/append"
for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then run A "$1"; run B "$2"; else run B "$2"; run A "$1"; fi
done
python3 - "$results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if len(line.split()) >= 6]
a = [float(r[5]) for r in rows if r[0] == "A"]
b = [float(r[5]) for r in rows if r[0] == "B"]
ratios = [y / x for x, y in zip(a, b) if x > 0]
if not ratios:
    sys.exit("no run gave a figure")
print(f"appends/s, medians: A {statistics.median(a):,.0f}, B {statistics.median(b):,.0f}")
print(f"B/A by round: median {statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f}), "
      f"B higher in {sum(r > 1 for r in ratios)} of {len(ratios)}")
PY
