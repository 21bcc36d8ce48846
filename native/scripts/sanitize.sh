#!/usr/bin/env bash
# Builds the addon and the test-only emulation addon with AddressSanitizer and
# UndefinedBehaviorSanitizer into native/sanitize/build/ (apart from native/build), then runs
# the native tests (kernels, pattern matching, bad input at the N-API boundary, emulation) and
# the SIMD backends' conformance tests against them, with libasan and libubsan preloaded into
# node; then the thread pool under ThreadSanitizer (test/tsan/). Any sanitizer report ends the
# run with a non-zero status. Node itself is not built with
# ASan and keeps memory until exit by design, so leak detection is off (detect_leaks=0).
#
#   native/scripts/sanitize.sh        (from anywhere; after `npx tsc -b` built the tests)
set -euo pipefail

native="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$native/.." && pwd)"
work="$native/sanitize/build"

rm -rf "$work"
mkdir -p "$work/emulation"
cp -r "$native/src" "$native/binding.gyp" "$work/"
cp "$native/emulation/binding.gyp" "$work/emulation/"

# Recoverable UBSan checks, made fatal by halt_on_error=1 below, so that the suppressions apply.
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -g"
export CFLAGS="$flags" CXXFLAGS="$flags" LDFLAGS="-fsanitize=address,undefined"
for dir in "$work" "$work/emulation"; do
  node "$native/scripts/build.mjs" "$dir"
  if [ -f "$dir/build/BUILD_FAILED.txt" ]; then
    cat "$dir/build/BUILD_FAILED.txt" >&2
    echo "sanitize: the sanitizer build of $dir failed" >&2
    exit 1
  fi
done
unset CFLAGS CXXFLAGS LDFLAGS

asan="$(gcc -print-file-name=libasan.so)"
ubsan="$(gcc -print-file-name=libubsan.so)"
for lib in "$asan" "$ubsan"; do
  [ -f "$lib" ] || { echo "sanitize: $lib not found; install gcc's sanitizer runtimes (libasan, libubsan)" >&2; exit 1; }
done

# SIMDe's portable _mm512_mullo_epi32 multiplies signed lanes in C, where overflow is
# undefined; VPMULLD (what the emulation stands for, and what the prefix hash relies on) wraps.
# Only that header's report is suppressed.
suppressions="$work/ubsan.supp"
echo "signed-integer-overflow:simde/x86/avx512/mullo.h" > "$suppressions"

config="$work/mocharc.json"
cat > "$config" <<JSON
{
  "spec": [
    "$root/native/dist/test/*.test.js",
    "$root/backends/avx2/dist/test/*.test.js",
    "$root/backends/avx512/dist/test/*.test.js",
    "$root/backends/neon/dist/test/*.test.js"
  ],
  "timeout": 600000
}
JSON

cd "$root"
LD_PRELOAD="$asan:$ubsan" \
  ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:halt_on_error=1:exitcode=86" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87:suppressions=$suppressions" \
  KNHK_NATIVE_BUILD_DIR="$work/build" \
  KNHK_EMULATION_BUILD_DIR="$work/emulation/build" \
  node "$root/node_modules/mocha/bin/mocha.js" --config "$config"

# The thread pool under ThreadSanitizer, outside Node (a TSan build of the addon would need a
# TSan build of Node): runs and resizes from test/tsan/thread_pool_check.cc.
g++ -std=c++17 -O1 -g -fsanitize=thread -pthread \
  "$native/test/tsan/thread_pool_check.cc" "$native/src/parallel/thread_pool.cc" -o "$work/thread_pool_check"
TSAN_OPTIONS="halt_on_error=1:exitcode=88" "$work/thread_pool_check"
echo "sanitize: no AddressSanitizer, UndefinedBehaviorSanitizer or ThreadSanitizer report"
