#!/usr/bin/env bash
# A short libFuzzer run of xenstored's parser and dispatcher (`make fuzz`
# runs it for long: FUZZ_SECONDS).
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-10}
out=build/fuzz/xenstored_dispatch
mkdir -p build/fuzz "$out.corpus"
if ! command -v clang++ >/dev/null; then echo "FAIL xenstored/fuzz-smoke: clang++ missing (run 'make deps')"; exit 1; fi
core=$(sed -n '/set(XENSTORED_CORE_SOURCES/,/)/p' xenstored/CMakeLists.txt | grep -o '[a-z_]*\.cpp' | sed 's|^|xenstored/|')
if [ ! -x "$out" ] || [ -n "$(find xenstored tests/xenstored/fuzz_dispatch.cpp -newer "$out" 2>/dev/null | head -1)" ]; then
    if ! clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Ixenstored tests/xenstored/fuzz_dispatch.cpp \
        $core -o "$out" 2>build/fuzz/xenstored_dispatch.build.log; then
        echo "FAIL xenstored/fuzz-build: see build/fuzz/xenstored_dispatch.build.log"; exit 1
    fi
fi
# Seeds: a few well-formed requests (header: type, req_id, tx_id, len).
seed() { printf "$2" >"$out.corpus/$1"; }
seed read '\x00\x02\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x06\x00\x00\x00/tool\x00'
seed write '\x00\x0b\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x05\x00\x00\x00/a/b\x00'
seed tx '\x00\x06\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00'
seed watch '\x01\x04\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x04\x00\x00\x00/w\x00t\x00'
if timeout $((seconds + 60)) "$out" -artifact_prefix=build/fuzz/xenstored- -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=5 -print_final_stats=1 \
    "$out.corpus" >build/fuzz/xenstored_dispatch.log 2>&1; then
    echo "PASS xenstored/fuzz-smoke ($(grep -o 'stat::number_of_executed_units: [0-9]*' build/fuzz/xenstored_dispatch.log | awk '{print $2}') runs in ${seconds}s)"
else
    echo "FAIL xenstored/fuzz-smoke: see build/fuzz/xenstored_dispatch.log"
fi
