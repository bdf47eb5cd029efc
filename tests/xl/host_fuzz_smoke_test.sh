#!/usr/bin/env bash
# A short libFuzzer run of the xl.cfg parser (`make fuzz` runs it for long),
# seeded with Debian's example configurations.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-10}
out=build/fuzz/xl_cfg
mkdir -p build/fuzz "$out.corpus"
if ! command -v clang++ >/dev/null; then echo "FAIL xl/fuzz-smoke: clang++ missing (run 'make deps')"; exit 1; fi
if [ ! -x "$out" ] || [ -n "$(find xl/config toolstack/device/vdev.* tests/xl/fuzz_xl_cfg.cpp -newer "$out" 2>/dev/null | head -1)" ]; then
    if ! clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Ixl -Itoolstack tests/xl/fuzz_xl_cfg.cpp \
        xl/config/*.cpp toolstack/device/vdev.cpp -o "$out" 2>build/fuzz/xl_cfg.build.log; then
        echo "FAIL xl/fuzz-build: see build/fuzz/xl_cfg.build.log"; exit 1
    fi
fi
cp .cache/xen-utils-common/etc/xen/xlexample.* tests/xl/expected/guest.cfg tests/xl/oracle/*.cfg tests/xl/oracle/errors/*.cfg "$out.corpus/" 2>/dev/null
if timeout $((seconds + 60)) "$out" -artifact_prefix=build/fuzz/xl_cfg- -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=5 -print_final_stats=1 "$out.corpus" >build/fuzz/xl_cfg.log 2>&1; then
    echo "PASS xl/fuzz-smoke ($(grep -o 'stat::number_of_executed_units: [0-9]*' build/fuzz/xl_cfg.log | awk '{print $2}') runs in ${seconds}s)"
else
    echo "FAIL xl/fuzz-smoke: see build/fuzz/xl_cfg.log"
fi
