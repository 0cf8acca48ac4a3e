#!/usr/bin/env bash
# Drills over WAN delays in the lab, many times each, with the figures BENCHMARKS.md records:
# detection (fault to the center's committed "dark"), election (fault to the first committed
# "leader-elected"), RTO (fault to service restored, as the drill report counts it) and mending
# (links healed to the center's committed "recovering"), as median and p99 per drill.
#
#   bench/lab-drills.sh [RUNS] [TOPOLOGY]      (root; default 20 runs, Deploy/topology/china-2020.json)
#   DRILLS="partition-south" bench/lab-drills.sh 20     (only some of the drills)
#   LOOPBACK=1 bench/lab-drills.sh 20                    (the same drills on loopback, local timing)
#
# Drills, RUNS times each on one lab: center-blackout of Wuhan (its links cut), partition of the
# southwest region (Chengdu, the leader's center, cut off from the others: an election over the
# WAN), partition of the south (Guangzhou and Nanning, two followers' centers), and link-delay of
# Wuhan (50 ms more on its peer messages). The lab is always taken down at the end, also on
# failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-20}
topology=${2:-Deploy/topology/china-2020.json}
clusterctl=${CLUSTERCTL:-.build/release/clusterctl}
[ -x "$clusterctl" ] || clusterctl=.build/debug/clusterctl
dir=$(mktemp -d /tmp/interflow-lab-bench.XXXXXX)
trap '"$clusterctl" lab down --dir "$dir/lab" >/dev/null 2>&1 || true' EXIT
# A signal ends the script (the EXIT trap then takes the lab down) rather than only running a trap.
trap 'exit 130' INT TERM

if [ -n "${LOOPBACK:-}" ]; then
    echo "loopback drills: $runs runs each, $topology, $(git rev-parse --short HEAD), $(nproc) cores, $(uname -r)"
    trap '"$clusterctl" local down --dir "$dir/lab" >/dev/null 2>&1 || true' EXIT
    "$clusterctl" local up --topology "$topology" --dir "$dir/lab"
    run() { "$clusterctl" "$@"; }
else
    echo "lab drills: $runs runs each, $topology, $(git rev-parse --short HEAD), $(nproc) cores, $(uname -r)"
    "$clusterctl" lab up --topology "$topology" --dir "$dir/lab"
    run() { "$clusterctl" lab exec -- clusterctl "$@"; }
fi
# Failback in seconds rather than the production minutes, so that each run starts from every center
# up; detection and election do not depend on these.
run --cluster "$dir/lab" settings set holdDownMs=2000 failbackStepIntervalMs=1000 >/dev/null

drill() {
    run --cluster "$dir/lab" drill run "$@" --duration 10s --appends-per-second 20 \
        | sed -n 's/^report: \([^,]*\.json\).*/\1/p'
}

drills=${DRILLS:-center-blackout partition-southwest partition-south link-delay}
for name in $drills; do
    case "$name" in
        center-blackout) args=(center-blackout --center wuhan) ;;
        partition-southwest) args=(partition --center chengdu) ;;
        partition-south) args=(partition --centers guangzhou,nanning) ;;
        link-delay) args=(link-delay --center wuhan) ;;
        *) echo "unknown drill $name" >&2; exit 64 ;;
    esac
    kind=$name
    for run in $(seq 1 "$runs"); do
        report=$(drill "${args[@]}" || true)
        echo "$kind $run ${report:-failed}" >&2
        [ -n "$report" ] && echo "$report" >> "$dir/$kind.reports"
        # The cluster settles (the center recovered, leadership back at Chengdu) before the next run.
        for _ in $(seq 1 60); do
            run --cluster "$dir/lab" status -o json 2>/dev/null \
                | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if s.get("leader",{}).get("id")==1 and all(c["status"]=="up" for c in s.get("centers") or []) else 1)' \
                && break
            sleep 2
        done
    done
done

python3 - "$dir" <<'EOF'
import json, sys, os
directory = sys.argv[1]

def quantile(values, q):
    if not values: return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]

def figure(values):
    if not values: return "-"
    return f"{quantile(values, 0.5):,} / {quantile(values, 0.99):,} ms (n={len(values)})"

print(f"\n| drill | runs | held | detection p50 / p99 | election p50 / p99 | RTO p50 / p99 | links mended → recovering p50 / p99 | lost writes |")
print("|---|---:|---:|---|---|---|---|---:|")
for kind in ["center-blackout", "partition-southwest", "partition-south", "link-delay"]:
    path = os.path.join(directory, f"{kind}.reports")
    if not os.path.exists(path): continue
    reports = [json.load(open(line.strip())) for line in open(path)]
    detection, election, rto, mended, lost = [], [], [], [], 0
    for report in reports:
        marks = report["timeline"]
        removed = next((m["sinceFaultMs"] for m in marks if m["source"] == "drill" and m["what"].startswith("fault removed")), None)
        dark = [m["sinceFaultMs"] for m in marks if m["source"] == "cluster" and "→ dark" in m["what"] and m["sinceFaultMs"] > 0]
        elected = [m["sinceFaultMs"] for m in marks if m["source"] == "cluster" and m["what"].startswith("leader-elected") and m["sinceFaultMs"] > 0]
        recovering = [m["sinceFaultMs"] for m in marks if m["source"] == "cluster" and "→ recovering" in m["what"]]
        if dark: detection.append(dark[0])
        if elected: election.append(elected[0])
        if report.get("rtoMs") is not None: rto.append(report["rtoMs"])
        if removed is not None and recovering: mended.append(recovering[0] - removed)
        lost += report["audit"]["lost"]
    held = sum(1 for r in reports if r["verdict"] == "held")
    print(f"| {kind} | {len(reports)} | {held} | {figure(detection)} | {figure(election)} | {figure(rto)} | {figure(mended)} | {lost} |")
EOF
