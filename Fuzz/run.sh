#!/bin/sh
# Builds the libFuzzer executables (-sanitize=fuzzer,address, release, own build folder) and runs each target for
# FUZZ_SECONDS. FUZZ_TARGETS picks targets (default: all). New corpus entries go to .build/fuzz/corpus/<target>,
# crashes to .build/fuzz/artifacts/<target>/, logs to .build/fuzz/logs/<target>.log; the repository's seeds and
# regressions are read, never written. Exits 1 when any target found something. FUZZ_KEEP_GOING=1 runs libFuzzer in
# fork mode and keeps going after a finding, so one long run collects every distinct crash, timeout and OOM.
set -u
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-"avro-schema avro-json-datum avro-binary avro-framing catalog kafka-request record-batch registry-body"}
OUT=.build/fuzz
# A crash is reported by ASan and libFuzzer; the Swift backtracer would only add minutes of symbolication.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export ASAN_OPTIONS="malloc_context_size=100${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
FLAGS="-c release --scratch-path $OUT -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xcc -fsanitize=fuzzer-no-link,address"

dict_for() {
    case "$1" in
        avro-schema|avro-json-datum|registry-body) echo Fuzz/dict/avro.dict ;;
        avro-binary|avro-framing) echo Fuzz/dict/avro-binary.dict ;;
        catalog) echo Fuzz/dict/yaml.dict ;;
        kafka-request|record-batch) echo Fuzz/dict/kafka.dict ;;
    esac
}

for target in $TARGETS; do
    HERALD_FUZZ=1 $SWIFT build $FLAGS --product "fuzz-$target" || exit 2
done
BIN=$(HERALD_FUZZ=1 $SWIFT build $FLAGS --show-bin-path)

status=0
for target in $TARGETS; do
    mkdir -p "$OUT/corpus/$target" "$OUT/artifacts/$target" "$OUT/logs" "Fuzz/corpus/$target/regressions"
    log="$OUT/logs/$target.log"
    touch "$OUT/artifacts/$target/.run-start"
    keep=""
    [ "${FUZZ_KEEP_GOING:-0}" = 1 ] && keep="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
    # ASan's leak check stays on; -timeout and -rss_limit_mb turn hangs and runaway memory into findings.
    "$BIN/fuzz-$target" "$OUT/corpus/$target" "Fuzz/corpus/$target/seeds" "Fuzz/corpus/$target/regressions" \
        -dict="$(dict_for "$target")" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 $keep -artifact_prefix="$OUT/artifacts/$target/" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed 's/ *exec\/s.*//')
    found=$(find "$OUT/artifacts/$target" -type f -newer "$OUT/artifacts/$target/.run-start" | wc -l)
    if [ $rc -eq 0 ] && [ "$found" -eq 0 ]; then
        echo "fuzz $target: ok, ${execs:-?} executions, $last"
    else
        status=1
        echo "fuzz $target: FOUND $found input(s) (exit $rc), $last; see $log and $OUT/artifacts/$target/"
        grep -m3 -E 'ERROR|Fatal error|==[0-9]+==' "$log" | sed 's/^/    /'
    fi
done
exit $status
