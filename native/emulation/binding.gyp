# TEST-ONLY EMULATION BUILDS, never loaded by a backend (loadNative() reads ../build only).
# Built by `node scripts/build.mjs emulation` into native/emulation/build; both need SIMDe
# (Debian libsimde-dev, /usr/include/simde).
#
# - knhk_native.node: the same addon sources as ../binding.gyp, with the avx512 kernel sources
#   compiled against SIMDe instead of the compiler's AVX-512 intrinsics
#   (KNHK_AVX512_EMULATION, see src/kernels/avx512/avx512_intrinsics.h) and no native x86
#   kernels, so the avx512 kernels are checked against scalar on CPUs without AVX-512
#   (native/test/avx512-emulation.test.ts).
# - knhk_emulation.node: the NEON kernels and the AVX-512 Teddy and prefix-filter kernels
#   through SIMDe (KNHK_SIMDE_EMULATION), compared with the scalar kernels by
#   native/test/emulation.test.ts.
{
  "variables": {
    "napi_include": "<!(node -p \"require('node-addon-api').include_dir\")"
  },
  "target_defaults": {
    "cflags": ["-O2", "-fPIC", "-Wall", "-Wextra", "-pthread", "-Wno-uninitialized", "-Wno-maybe-uninitialized"],
    "cflags_cc": ["-std=c++17"]
  },
  "targets": [
    {
      "target_name": "kernels_avx512_simde",
      "type": "static_library",
      "defines": ["KNHK_AVX512_EMULATION"],
      "sources": [
        "../src/kernels/scalar/vector_f32.cc",
        "../src/kernels/scalar/dot_f32.cc",
        "../src/kernels/scalar/reduce_f32.cc",
        "../src/kernels/scalar/compare_f32.cc",
        "../src/kernels/scalar/sgemm_f32.cc",
        "../src/kernels/scalar/fma_peak_f32.cc",
        "../src/kernels/scalar/teddy_u8.cc",
        "../src/kernels/scalar/prefix_filter_u8.cc",
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
        "../src/binding/pattern_binding.cc",
        "../src/pattern/aho_corasick.cc",
        "../src/pattern/prefix_index.cc",
        "../src/pattern/pattern_set.cc",
        "../src/peers/openblas.cc",
        "../src/cpu/cpu_features.cc",
        "../src/dispatch/dispatch.cc",
        "../src/opencl/cl_loader.cc",
        "../src/binding/opencl_errors.cc",
        "../src/binding/opencl_context.cc",
        "../src/binding/opencl_binding.cc",
        "../src/cuda/cuda_loader.cc",
        "../src/binding/cuda_errors.cc",
        "../src/binding/cuda_handles.cc",
        "../src/binding/cuda_binding.cc",
        "../src/binding/cuda_queue_binding.cc",
        "../src/gemm/sgemm_pack.cc",
        "../src/gemm/sgemm_blocked.cc",
        "../src/parallel/thread_pool.cc",
        "../src/parallel/split_f32.cc"
      ],
      "include_dirs": ["<(napi_include)"],
      "defines": ["KNHK_AVX512_EMULATION", "NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-fexceptions"],
      "ldflags": ["-pthread"],
      "libraries": ["-ldl"]
    },
    {
      "target_name": "kernels_emulated",
      "type": "static_library",
      "defines": ["KNHK_X86", "KNHK_SIMDE_EMULATION"],
      "sources": [
        "../src/kernels/scalar/vector_f32.cc",
        "../src/kernels/scalar/dot_f32.cc",
        "../src/kernels/scalar/reduce_f32.cc",
        "../src/kernels/scalar/compare_f32.cc",
        "../src/kernels/scalar/sgemm_f32.cc",
        "../src/kernels/scalar/fma_peak_f32.cc",
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
        "../src/binding/buffer_binding.cc",
        "../src/binding/vector_binding.cc",
        "../src/binding/reduce_binding.cc",
        "../src/binding/pattern_binding.cc",
        "../src/pattern/aho_corasick.cc",
        "../src/pattern/prefix_index.cc",
        "../src/pattern/pattern_set.cc",
        "../src/parallel/thread_pool.cc",
        "../src/parallel/split_f32.cc"
      ],
      "include_dirs": ["<(napi_include)"],
      "ldflags": ["-pthread"],
      "defines": ["KNHK_X86", "KNHK_SIMDE_EMULATION", "NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-fexceptions"]
    }
  ]
}
