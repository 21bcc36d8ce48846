# Benchmark-only peers addon (knhk_peers.node), never loaded by a backend: a STREAM-style
# triad that measures memory bandwidth, and Hyperscan, opened with dlopen at run time (no
# link-time dependency; without libhs.so.5 the benchmark says so). Built by
# `node scripts/build-peers.mjs` (npm run native-peers -w @knhk/benchmarks builds it first).
{
  "variables": {
    "napi_include": "<!(node -p \"require('node-addon-api').include_dir\")"
  },
  "targets": [
    {
      "target_name": "knhk_peers",
      "sources": [
        "src/peers_addon.cc",
        "src/triad.cc",
        "src/hyperscan_peer.cc",
        "../../native/src/binding/args.cc",
        "../../native/src/binding/errors.cc"
      ],
      "include_dirs": ["<(napi_include)"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags": ["-O3", "-fPIC", "-Wall", "-Wextra", "-pthread"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-fexceptions"],
      "libraries": ["-ldl", "-pthread"]
    }
  ]
}
