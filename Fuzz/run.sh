#!/usr/bin/env bash
# Builds (when needed) and runs one libFuzzer harness:
#
#   Fuzz/run.sh peer-frame|api-request|config [RUNS]   fuzz RUNS inputs (default 100000)
#   Fuzz/run.sh peer-frame|api-request|config FILE     run one input again, e.g. a crash file
#   Fuzz/run.sh seeds                                  rewrite Corpus/peer-frame with Wire's encoder
#
# Exits non-zero when the fuzzer found a crash, a hang or a leak; the file holding that input is
# named at the end of the output. The committed seeds in Corpus/NAME are only read: what libFuzzer
# adds goes to $FUZZ_WORK/NAME/corpus, and crash files to $FUZZ_WORK/NAME/.
#
# Environment: FUZZ_BUILD (scratch path, default /tmp/fuzz-build), FUZZ_WORK (default
# /tmp/fuzz-work), FUZZ_NICE (default 10: the machine is shared), FUZZ_ARGS (more libFuzzer flags).
set -euo pipefail
# An input file named relative to the caller's directory must still be found after the cd.
if [ $# -ge 2 ] && [ -f "$2" ]; then
    set -- "$1" "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
fi
cd "$(dirname "$0")"

build=${FUZZ_BUILD:-/tmp/fuzz-build}
work=${FUZZ_WORK:-/tmp/fuzz-work}
niceness=${FUZZ_NICE:-10}

usage() {
    cat >&2 <<'USAGE'
usage: Fuzz/run.sh peer-frame|api-request|config [RUNS]   fuzz RUNS inputs (default 100000)
       Fuzz/run.sh peer-frame|api-request|config FILE     run one input again, e.g. a crash file
       Fuzz/run.sh seeds                                  rewrite Corpus/peer-frame with Wire's encoder
USAGE
    exit 2
}

[ $# -ge 1 ] || usage
name=$1

if [ "$name" = seeds ]; then
    # Plain debug build: the seed writer needs no instrumentation, and must not get libFuzzer's flags.
    nice -n "$niceness" swift build --product PeerFrameSeeds --scratch-path "$build-seeds"
    rm -f Corpus/peer-frame/*
    "$build-seeds/debug/PeerFrameSeeds" Corpus/peer-frame
    ls -l Corpus/peer-frame
    exit 0
fi

# Sizes: a peer frame is normally far below the 16 MiB limit, and 64 KiB holds every kind with
# room to spare; requests and configuration files are a few KiB at most.
case "$name" in
    peer-frame) product=FuzzPeerFrame max_len=65536 dict=() ;;
    api-request) product=FuzzAPIRequest max_len=16384 dict=(-dict=Corpus/json.dict) ;;
    config) product=FuzzConfig max_len=16384 dict=(-dict=Corpus/json.dict) ;;
    *) usage ;;
esac
if [ $# -ge 2 ] && ! [ -f "$2" ] && ! [[ "$2" =~ ^[0-9]+$ ]]; then usage; fi
runs=${2:-100000}

# The sanitizer flags go on the command line, not in Package.swift, so that they reach the
# decoders in the root package as well as the harness: libFuzzer steers by their coverage.
nice -n "$niceness" swift build -c release --product "$product" --scratch-path "$build" -Xswiftc -sanitize=fuzzer,address
fuzzer="$build/release/$product"

# The Swift runtime's own backtracer would catch a trap before libFuzzer does, and its memory
# reader then trips AddressSanitizer: libFuzzer must see the signal to save the input.
export SWIFT_BACKTRACE=enable=no

if [ $# -ge 2 ] && [ -f "$2" ]; then
    "$fuzzer" "$2" 2>&1 | swift demangle --simplified
    exit "${PIPESTATUS[0]}"
fi

mkdir -p "$work/$name/corpus"
log="$work/$name/last-run.log"
before=$(mktemp)
ls "$work/$name" >"$before"

echo "fuzzing $name: $runs inputs, -max_len=$max_len, corpus $work/$name/corpus (seeds: Fuzz/Corpus/$name), log $log"
set +e
# shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags.
nice -n "$niceness" "$fuzzer" -runs="$runs" -max_len="$max_len" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/$name/" "${dict[@]}" ${FUZZ_ARGS:-} "$work/$name/corpus" "Corpus/$name" 2>&1 \
    | tee "$log" | grep --line-buffered -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE) |NEW_FUNC|^"|^###### '
status=${PIPESTATUS[0]}
set -e

echo "---- summary ($name)"
grep -E "^Done [0-9]+ runs|^stat::" "$log" || true
echo "corpus: $(find "$work/$name/corpus" -type f | wc -l) files," \
    "$(find "$work/$name/corpus" -type f -printf '%s\n' | awk '{ total += $1 } END { print total + 0 }') bytes in $work/$name/corpus"
found=$(ls "$work/$name" | grep -v -x -F -f "$before" | grep -E "^(crash|timeout|oom|leak)-" || true)
rm -f "$before"
if [ "$status" -ne 0 ] || [ -n "$found" ]; then
    echo "FAILED: libFuzzer exited with $status"
    for file in $found; do echo "input: $work/$name/$file (again: Fuzz/run.sh $name $work/$name/$file)"; done
    exit $((status == 0 ? 1 : status))
fi
echo "no crash"
