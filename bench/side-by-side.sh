#!/usr/bin/env bash
# Interflow and etcd side by side, on this machine, in one run: three members of each on loopback,
# the same client counts back to back, committed writes per second with p50 and p99, and their
# ratio. Interflow writes are `ticket.append` (64 characters, `interflow-bench cluster`); etcd's are
# puts of 100-byte values through its HTTP gateway, driven by wrk. Both fsync every write group.
#
#   bash bench/side-by-side.sh                       # 1, 16 and 128 clients, 10 s each
#   LEVELS=1,16 DURATION=5 bash bench/side-by-side.sh
#
# Needs a release build (`swift build -c release`) and, for etcd, Debian's etcd-server, etcd-client
# and wrk (`apt-get install etcd-server etcd-client wrk`); without them only Interflow runs.
set -euo pipefail
cd "$(dirname "$0")/.."
levels=${LEVELS:-1,16,128}
duration=${DURATION:-10}
warmup=${WARMUP:-2}
tickets=${TICKETS:-5000}

work=$(mktemp -d /tmp/interflow-side-by-side.XXXXXX)
etcd_pids=()
cleanup() {
    # Only the processes this script started, by pid.
    for pid in "${etcd_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${etcd_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(uname -r), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%FT%TZ)"

declare -A etcd_rate etcd_p50 etcd_p99 etcd_cpu
# CPU (user + system, in clock ticks) of the etcd members so far: CPU per write is the figure that
# compares two systems on a shared, noisy machine.
etcd_cpu_ticks() {
    local total=0 pid
    for pid in "${etcd_pids[@]}"; do
        total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
    done
    echo "$total"
}
if command -v etcd >/dev/null && command -v wrk >/dev/null && command -v etcdctl >/dev/null; then
    echo "etcd: $(etcd --version | head -1)"
    cluster=""
    for i in 1 2 3; do cluster+="${cluster:+,}m$i=http://127.0.0.1:$((23800 + i))"; done
    for i in 1 2 3; do
        etcd --name "m$i" --data-dir "$work/etcd-$i" \
            --listen-client-urls "http://127.0.0.1:$((23700 + i))" --advertise-client-urls "http://127.0.0.1:$((23700 + i))" \
            --listen-peer-urls "http://127.0.0.1:$((23800 + i))" --initial-advertise-peer-urls "http://127.0.0.1:$((23800 + i))" \
            --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token side-by-side \
            > "$work/etcd-$i.log" 2>&1 &
        etcd_pids+=($!)
    done
    endpoints="127.0.0.1:23701,127.0.0.1:23702,127.0.0.1:23703"
    for attempt in $(seq 1 100); do
        ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint health >/dev/null 2>&1 && break
        [ "$attempt" = 100 ] && { echo "etcd did not become healthy in 20 s; see $work/etcd-*.log" >&2; exit 1; }
        sleep 0.2
    done
    # The leader's client URL, so that no put pays a forward (Interflow's clients also talk to its leader).
    leader=$(ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint status -w json \
        | python3 -c 'import json,sys; print(next(s["Endpoint"] for s in json.load(sys.stdin) if s["Status"]["leader"] == s["Status"]["header"]["member_id"]))')
    case "$leader" in http*) ;; *) leader="http://$leader" ;; esac
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
    for clients in ${levels//,/ }; do
        threads=$(( clients < 2 ? clients : 2 ))
        wrk -t "$threads" -c "$clients" -d "${warmup}s" -s "$work/put.lua" "$leader" >/dev/null
        cpu_before=$(etcd_cpu_ticks)
        wrk -t "$threads" -c "$clients" -d "${duration}s" --latency -s "$work/put.lua" "$leader" > "$work/wrk-$clients.txt"
        cpu_after=$(etcd_cpu_ticks)
        requests=$(awk '/requests in/ {print $1}' "$work/wrk-$clients.txt")
        etcd_cpu[$clients]=$(python3 -c "print(f'{($cpu_after - $cpu_before) * 1000 / $(getconf CLK_TCK) / max($requests, 1):.2f}')")
        etcd_rate[$clients]=$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/wrk-$clients.txt")
        etcd_p50[$clients]=$(awk '$1 == "50%" {print $2}' "$work/wrk-$clients.txt")
        etcd_p99[$clients]=$(awk '$1 == "99%" {print $2}' "$work/wrk-$clients.txt")
        if grep -q "Non-2xx" "$work/wrk-$clients.txt"; then echo "etcd answered errors at $clients clients:" >&2; cat "$work/wrk-$clients.txt" >&2; fi
    done
    for pid in "${etcd_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${etcd_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    etcd_pids=()
else
    echo "etcd: not installed (apt-get install etcd-server etcd-client wrk); Interflow only"
fi

.build/release/interflow-bench cluster --clients "$levels" --duration "$duration" --warmup "$warmup" \
    --failover-cycles 0 --tickets "$tickets" --json > "$work/interflow.json"

python3 - "$work/interflow.json" "$levels" \
    "$(for c in ${levels//,/ }; do echo -n "$c=${etcd_rate[$c]:-}/${etcd_p50[$c]:-}/${etcd_p99[$c]:-}/${etcd_cpu[$c]:-} "; done)" <<'PY'
import json, re, sys
interflow = {level["clients"]: level for level in json.load(open(sys.argv[1]))["levels"]}
def ms(text):
    if not text: return None
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
def cpu_text(value):
    return f"{value:.2f}" if value is not None else "-"
etcd = {}
for item in sys.argv[3].split():
    clients, figures = item.split("=")
    rate, p50, p99, cpu = figures.split("/")
    if rate: etcd[int(clients)] = (int(rate), ms(p50), ms(p99), float(cpu))
print(f"{'clients':>7}  {'etcd writes/s':>13}  {'p50 ms':>7}  {'p99 ms':>7}  {'cpu ms/write':>12}  "
      f"{'Interflow writes/s':>18}  {'p50 ms':>7}  {'p99 ms':>7}  {'cpu ms/write':>12}  {'ratio':>5}")
for clients in [int(c) for c in sys.argv[2].split(",")]:
    ours = interflow[clients]
    theirs = etcd.get(clients)
    ratio = f"{ours['appendsPerSecond'] / theirs[0]:.2f}" if theirs else "-"
    e = (f"{theirs[0]:>13}  {theirs[1]:>7.2f}  {theirs[2]:>7.2f}  {theirs[3]:>12.2f}" if theirs
         else f"{'-':>13}  {'-':>7}  {'-':>7}  {'-':>12}")
    print(f"{clients:>7}  {e}  {ours['appendsPerSecond']:>18}  {ours['p50Ms']:>7.2f}  {ours['p99Ms']:>7.2f}  "
          f"{cpu_text(ours.get('cpuMsPerAppend')):>12}  {ratio:>5}")
PY
