#!/usr/bin/env bash
# Interflow and etcd side by side, on this machine, in one run: three members of each on loopback,
# committed writes per second with p50 and p99, CPU per write, and their ratio. Interflow writes are
# `ticket.append` (64 characters, `interflow-bench cluster`); etcd's are puts of 100-byte values
# through its HTTP gateway, driven by wrk. Both fsync every write group.
#
# The machine is shared and noisy: its speed can move by a third within minutes. So the two systems
# take turns, level by level, in ROUNDS rounds (etcd first in odd rounds, Interflow first in even
# ones), each on a fresh cluster with nothing of the other running; each ratio compares two runs
# back to back, and the summary gives the median of each level's ratios with their range, then
# says which of issue 13's targets this run met.
#
#   bash bench/side-by-side.sh                               # 1, 16 and 128 clients, 3 rounds, 10 s each
#   ROUNDS=1 LEVELS=1,16 DURATION=5 bash bench/side-by-side.sh
#
# Needs a release build (`swift build -c release`) and, for etcd, Debian's etcd-server, etcd-client
# and wrk (`apt-get install etcd-server etcd-client wrk`); without them only Interflow runs.
set -euo pipefail
cd "$(dirname "$0")/.."
levels=${LEVELS:-1,16,128}
rounds=${ROUNDS:-3}
duration=${DURATION:-10}
warmup=${WARMUP:-2}
tickets=${TICKETS:-5000}

work=$(mktemp -d /tmp/interflow-side-by-side.XXXXXX)
etcd_pids=()
stop_etcd() {
    # Only the processes this script started, by pid.
    for pid in "${etcd_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${etcd_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    etcd_pids=()
}
cleanup() {
    stop_etcd
    rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(uname -r), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%FT%TZ)"
# One line per run: round, system, clients, writes/s, p50 ms, p99 ms, CPU ms per write.
results="$work/results.txt"
: > "$results"

with_etcd=false
if command -v etcd >/dev/null && command -v wrk >/dev/null && command -v etcdctl >/dev/null; then
    with_etcd=true
    echo "etcd: $(etcd --version | head -1)"
else
    echo "etcd: not installed (apt-get install etcd-server etcd-client wrk); Interflow only"
fi

# CPU (user + system, in clock ticks) of the etcd members so far: CPU per write is the figure that
# compares two systems on a shared, noisy machine.
etcd_cpu_ticks() {
    local total=0 pid
    for pid in "${etcd_pids[@]}"; do
        total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
    done
    echo "$total"
}

value=$(python3 -c 'import base64; print(base64.b64encode(b"v" * 100).decode())')
cat > "$work/put.lua" <<LUA
counter = 0
request = function()
    counter = counter + 1
    local key = string.format("key-%d-%d", math.random(1, 1000000000), counter)
    local body = '{"key": "' .. mime_b64(key) .. '", "value": "$value"}'
    return wrk.format("POST", "/v3/kv/put", {["Content-Type"] = "application/json"}, body)
end
-- wrk has no base64; keys are plain ASCII, so a small encoder does.
local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
function mime_b64(data)
    return ((data:gsub('.', function(x)
        local r, b = '', x:byte()
        for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and '1' or '0') end
        return r
    end) .. '0000'):gsub('%d%d?%d?%d?%d?%d?', function(x)
        if #x < 6 then return '' end
        local c = 0
        for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
        return chars:sub(c + 1, c + 1)
    end) .. ({ '', '==', '=' })[#data % 3 + 1])
end
LUA

# A fresh three-member etcd for one run (as Interflow's bench starts a fresh cluster for each).
# Sets `etcd_leader` to the leader's client URL, so that no put pays a forward (Interflow's clients
# also talk to its leader). Not called in a subshell: `etcd_pids` must reach `stop_etcd`.
etcd_leader=""
start_etcd() {
    local run=$1 cluster="" i endpoints attempt leader
    for i in 1 2 3; do cluster+="${cluster:+,}m$i=http://127.0.0.1:$((23800 + i))"; done
    for i in 1 2 3; do
        etcd --name "m$i" --data-dir "$work/etcd-$run-$i" \
            --listen-client-urls "http://127.0.0.1:$((23700 + i))" --advertise-client-urls "http://127.0.0.1:$((23700 + i))" \
            --listen-peer-urls "http://127.0.0.1:$((23800 + i))" --initial-advertise-peer-urls "http://127.0.0.1:$((23800 + i))" \
            --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token "side-by-side-$run" \
            > "$work/etcd-$run-$i.log" 2>&1 &
        etcd_pids+=($!)
    done
    endpoints="127.0.0.1:23701,127.0.0.1:23702,127.0.0.1:23703"
    for attempt in $(seq 1 100); do
        ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint health >/dev/null 2>&1 && break
        [ "$attempt" = 100 ] && { echo "etcd did not become healthy in 20 s; see $work/etcd-$run-*.log" >&2; exit 1; }
        sleep 0.2
    done
    leader=$(ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint status -w json \
        | python3 -c 'import json,sys; print(next(s["Endpoint"] for s in json.load(sys.stdin) if s["Status"]["leader"] == s["Status"]["header"]["member_id"]))')
    case "$leader" in http*) etcd_leader=$leader ;; *) etcd_leader="http://$leader" ;; esac
}

run_etcd() {
    local round=$1 clients=$2 leader threads cpu_before cpu_after report
    start_etcd "$round-$clients"
    leader=$etcd_leader
    threads=$(( clients < 2 ? clients : 2 ))
    report="$work/wrk-$round-$clients.txt"
    wrk -t "$threads" -c "$clients" -d "${warmup}s" -s "$work/put.lua" "$leader" >/dev/null
    cpu_before=$(etcd_cpu_ticks)
    wrk -t "$threads" -c "$clients" -d "${duration}s" --latency -s "$work/put.lua" "$leader" > "$report"
    cpu_after=$(etcd_cpu_ticks)
    stop_etcd
    # Each member preallocates a 64 MB WAL: nine runs would leave almost 2 GB in /tmp.
    rm -rf "$work/etcd-$round-$clients-"{1,2,3}
    if grep -q "Non-2xx" "$report"; then echo "etcd answered errors at $clients clients:" >&2; cat "$report" >&2; fi
    python3 - "$report" "$round" "$clients" "$cpu_before" "$cpu_after" "$(getconf CLK_TCK)" >> "$results" <<'PY'
import re, sys
report, round_, clients, before, after, hz = sys.argv[1:]
text = open(report).read()
def ms(label):
    number, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
requests = int(re.search(r"(\d+) requests in", text).group(1))
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
cpu = (int(after) - int(before)) * 1000 / int(hz) / max(requests, 1)
print(f"{round_} etcd {clients} {rate:.0f} {ms('50%'):.2f} {ms('99%'):.2f} {cpu:.3f}")
PY
}

run_interflow() {
    local round=$1 clients=$2 report="$work/interflow-$1-$2.json"
    .build/release/interflow-bench cluster --clients "$clients" --duration "$duration" --warmup "$warmup" \
        --failover-cycles 0 --tickets "$tickets" --json > "$report"
    python3 - "$report" "$round" >> "$results" <<'PY'
import json, sys
for level in json.load(open(sys.argv[1]))["levels"]:
    cpu = level.get("cpuMsPerAppend")
    print(f"{sys.argv[2]} interflow {level['clients']} {level['appendsPerSecond']} {level['p50Ms']:.2f} {level['p99Ms']:.2f} "
          f"{cpu if cpu is not None else -1:.3f}")
PY
}

for round in $(seq 1 "$rounds"); do
    for clients in ${levels//,/ }; do
        echo "round $round/$rounds, $clients clients" >&2
        if ! $with_etcd; then
            run_interflow "$round" "$clients"
        elif (( round % 2 == 1 )); then
            run_etcd "$round" "$clients"
            run_interflow "$round" "$clients"
        else
            run_interflow "$round" "$clients"
            run_etcd "$round" "$clients"
        fi
    done
done

python3 - "$results" "$levels" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    round_, system, clients, rate, p50, p99, cpu = line.split()
    runs[(int(round_), system, int(clients))] = (int(rate), float(p50), float(p99), float(cpu))
levels = [int(c) for c in sys.argv[2].split(",")]
rounds = sorted({key[0] for key in runs})
def figures(run):
    if run is None: return f"{'-':>13}  {'-':>7}  {'-':>7}  {'-':>12}"
    cpu = f"{run[3]:.2f}" if run[3] >= 0 else "-"
    return f"{run[0]:>13}  {run[1]:>7.2f}  {run[2]:>7.2f}  {cpu:>12}"
header = (f"{'round':>5}  {'clients':>7}  {'etcd writes/s':>13}  {'p50 ms':>7}  {'p99 ms':>7}  {'cpu ms/write':>12}  "
          f"{'Interflow w/s':>13}  {'p50 ms':>7}  {'p99 ms':>7}  {'cpu ms/write':>12}  {'ratio':>5}")
print(header)
ratios = {}
for round_ in rounds:
    for clients in levels:
        theirs, ours = runs.get((round_, "etcd", clients)), runs.get((round_, "interflow", clients))
        ratio = "-"
        if theirs and ours:
            ratios.setdefault(clients, []).append(ours[0] / theirs[0])
            ratio = f"{ours[0] / theirs[0]:.2f}"
        print(f"{round_:>5}  {clients:>7}  {figures(theirs)}  {figures(ours)}  {ratio:>5}")
print()
print("medians over the rounds; the ratio is the median of each round's ratio, with their range")
print(header.replace("round", "     ", 1))
for clients in levels:
    def median(system):
        found = [runs[(r, system, clients)] for r in rounds if (r, system, clients) in runs]
        if not found: return None
        return tuple(statistics.median(run[i] for run in found) for i in range(4))
    theirs, ours = median("etcd"), median("interflow")
    ours = ours and (int(ours[0]),) + ours[1:]
    theirs = theirs and (int(theirs[0]),) + theirs[1:]
    found = ratios.get(clients, [])
    ratio = f"{statistics.median(found):.2f} ({min(found):.2f}-{max(found):.2f})" if found else "-"
    print(f"{'':>5}  {clients:>7}  {figures(theirs)}  {figures(ours)}  {ratio}")

# Issue 13's targets, for the levels this run measured beside etcd. A ratio target is met when the
# median of the rounds' ratios reaches it; a latency target only when every round met it.
def rounds_where(clients, holds):
    pairs = [(runs[(r, "etcd", clients)], runs[(r, "interflow", clients)]) for r in rounds
             if (r, "etcd", clients) in runs and (r, "interflow", clients) in runs]
    return sum(1 for theirs, ours in pairs if holds(theirs, ours)), len(pairs)
targets = []
for clients, least in ((128, 2.5), (16, 1.0)):
    if ratios.get(clients):
        median_ratio = statistics.median(ratios[clients])
        met, run = rounds_where(clients, lambda theirs, ours: ours[0] >= least * theirs[0])
        times = "" if least == 1 else f"{least:g}x "
        targets.append((f"{clients} clients: writes/s at least {times}etcd's",
                        median_ratio >= least, f"median {median_ratio:.2f}, {met} of {run} rounds"))
        met, run = rounds_where(clients, lambda theirs, ours: ours[2] <= theirs[2])
        targets.append((f"{clients} clients: p99 at most etcd's", met == run, f"{met} of {run} rounds"))
if ratios.get(1):
    met, run = rounds_where(1, lambda theirs, ours: ours[1] <= theirs[1])
    targets.append(("1 client: p50 at most etcd's", met == run, f"{met} of {run} rounds"))
grown = [int(statistics.median(runs[(r, "interflow", c)][0] for r in rounds if (r, "interflow", c) in runs))
         for c in (1, 16, 128) if c in levels and any((r, "interflow", c) in runs for r in rounds)]
if len(grown) == 3:
    targets.append(("Interflow's writes/s grow from 1 to 16 to 128 clients", grown[0] < grown[1] < grown[2],
                    " -> ".join(f"{rate:,}" for rate in grown)))
if targets:
    print()
    print("issue 13's targets")
    for name, met, detail in targets:
        print(f"  {'met    ' if met else 'NOT MET'}  {name:<55} {detail}")
PY
