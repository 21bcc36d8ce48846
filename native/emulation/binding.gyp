# The test-only EMULATION addon (knhk_emulation.node): NEON and AVX-512 Teddy kernels built
# through SIMDe (Debian: libsimde-dev) for machines without those instruction sets, compared
# with the scalar kernels by native/test/emulation.test.ts. No backend loads it. Built by
# `node scripts/build.mjs emulation` into native/emulation/build.
{
  "variables": {
    "napi_include": "<!(node -p \"require('node-addon-api').include_dir\")"
  },
  "target_defaults": {
    "cflags": ["-O2", "-fPIC", "-Wall", "-Wextra"],
    "cflags_cc": ["-std=c++17"],
    "defines": ["KNHK_X86", "KNHK_SIMDE_EMULATION"]
  },
  "targets": [
    {
      "target_name": "kernels_emulated",
      "type": "static_library",
      "sources": [
        "../src/kernels/scalar/vector_f32.cc",
        "../src/kernels/scalar/dot_f32.cc",
        "../src/kernels/scalar/reduce_f32.cc",
        "../src/kernels/scalar/teddy_u8.cc",
        "../src/kernels/scalar/prefix_filter_u8.cc",
        "../src/kernels/neon/vector_f32.cc",
        "../src/kernels/neon/dot_f32.cc",
        "../src/kernels/neon/reduce_f32.cc",
        "../src/kernels/neon/teddy_u8.cc",
        "../src/kernels/avx512/teddy_u8.cc",
        "../src/kernels/avx512/prefix_filter_u8.cc"
      ]
    },
    {
      "target_name": "knhk_emulation",
      "dependencies": ["kernels_emulated"],
      "sources": [
        "../src/emulation/emulation_addon.cc",
        "../src/binding/errors.cc",
        "../src/binding/args.cc",
        "../src/binding/vector_binding.cc",
        "../src/binding/reduce_binding.cc",
        "../src/binding/pattern_binding.cc",
        "../src/pattern/aho_corasick.cc",
        "../src/pattern/prefix_index.cc",
        "../src/pattern/pattern_set.cc"
      ],
      "include_dirs": ["<(napi_include)"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-fexceptions"]
    }
  ]
}
