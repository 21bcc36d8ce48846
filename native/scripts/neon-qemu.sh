#!/usr/bin/env bash
# Cross-compiles the NEON kernels (and the scalar ones, and the pattern code) for aarch64 and
# runs test/cross/neon_check.cc under qemu-aarch64, which executes the real A64 instructions'
# semantics on an x86 machine. Needs g++-aarch64-linux-gnu and qemu-user (Debian); fails
# without them.
set -euo pipefail

native="$(cd "$(dirname "$0")/.." && pwd)"
out="$native/sanitize/build/neon_check"
for tool in aarch64-linux-gnu-g++ qemu-aarch64; do
  command -v "$tool" > /dev/null || { echo "neon-qemu: $tool not found; apt-get install g++-aarch64-linux-gnu qemu-user" >&2; exit 1; }
done
mkdir -p "$(dirname "$out")"
cd "$native/src"
aarch64-linux-gnu-g++ -std=c++17 -O2 -Wall -Wextra -DKNHK_ARM64 -I. -static -o "$out" \
  "$native/test/cross/neon_check.cc" kernels/neon/*.cc kernels/scalar/*.cc pattern/*.cc
qemu-aarch64 "$out"
