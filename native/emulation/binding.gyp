# TEST-ONLY EMULATION BUILD. The same addon sources as ../binding.gyp, with the avx512 kernel
# sources compiled against SIMDe (Debian libsimde-dev, /usr/include/simde) instead of the
# compiler's AVX-512 intrinsics (KNHK_AVX512_EMULATION, see
# src/kernels/avx512/avx512_intrinsics.h), and no native x86 kernels. It lets the avx512
# kernels be checked against scalar on CPUs without AVX-512. The backends never load it:
# loadNative() reads ../build only; native/test/avx512-emulation.test.ts loads this one.
{
  "variables": {
    "napi_include": "<!(node -p \"require('node-addon-api').include_dir\")"
  },
  "target_defaults": {
    "cflags": ["-O2", "-fPIC", "-Wall", "-Wextra", "-pthread", "-Wno-uninitialized", "-Wno-maybe-uninitialized"],
    "cflags_cc": ["-std=c++17"],
    "defines": ["KNHK_AVX512_EMULATION"]
  },
  "targets": [
    {
      "target_name": "kernels_avx512_simde",
      "type": "static_library",
      "sources": [
        "../src/kernels/scalar/vector_f32.cc",
        "../src/kernels/scalar/dot_f32.cc",
        "../src/kernels/scalar/reduce_f32.cc",
        "../src/kernels/scalar/compare_f32.cc",
            "../src/kernels/scalar/sgemm_f32.cc",
        "../src/kernels/scalar/fma_peak_f32.cc",
        "../src/kernels/avx512/vector_f32.cc",
        "../src/kernels/avx512/dot_f32.cc",
        "../src/kernels/avx512/reduce_f32.cc",
        "../src/kernels/avx512/compare_f32.cc",
            "../src/kernels/avx512/sgemm_f32.cc",
        "../src/kernels/avx512/fma_peak_f32.cc"
      ]
    },
    {
      "target_name": "knhk_native",
      "dependencies": ["kernels_avx512_simde"],
      "sources": [
        "../src/addon.cc",
        "../src/binding/errors.cc",
        "../src/binding/args.cc",
        "../src/binding/vector_binding.cc",
        "../src/binding/reduce_binding.cc",
        "../src/binding/isa_binding.cc",
        "../src/binding/sgemm_binding.cc",
        "../src/binding/peak_binding.cc",
        "../src/binding/threads_binding.cc",
        "../src/binding/buffer_binding.cc",
        "../src/binding/peer_binding.cc",
        "../src/peers/openblas.cc",
        "../src/cpu/cpu_features.cc",
        "../src/dispatch/dispatch.cc",
        "../src/gemm/sgemm_pack.cc",
        "../src/gemm/sgemm_blocked.cc",
        "../src/parallel/thread_pool.cc",
        "../src/parallel/split_f32.cc"
      ],
      "include_dirs": ["<(napi_include)"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-fexceptions"],
      "ldflags": ["-pthread"],
      "libraries": ["-ldl"]
    }
  ]
}
