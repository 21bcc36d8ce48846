{
  "variables": {
    "napi_include": "<!(node -p \"require('node-addon-api').include_dir\")",
    "is_x86": "<!(node -p \"['x64', 'ia32'].includes(process.arch) ? 1 : 0\")",
    "is_arm64": "<!(node -p \"process.arch === 'arm64' ? 1 : 0\")"
  },
  "target_defaults": {
    "cflags": ["-O3", "-fPIC", "-Wall", "-Wextra", "-pthread"],
    "cflags_cc": ["-std=c++17"],
    "conditions": [["is_x86==1", { "defines": ["KNHK_X86"] }], ["is_arm64==1", { "defines": ["KNHK_ARM64"] }]]
  },
  "targets": [
    {
      "target_name": "kernels_scalar",
      "type": "static_library",
      "sources": [
        "src/kernels/scalar/vector_f32.cc",
        "src/kernels/scalar/dot_f32.cc",
        "src/kernels/scalar/reduce_f32.cc",
        "src/kernels/scalar/compare_f32.cc",
        "src/kernels/scalar/sgemm_f32.cc",
        "src/kernels/scalar/fma_peak_f32.cc",
        "src/kernels/scalar/teddy_u8.cc",
        "src/kernels/scalar/prefix_filter_u8.cc"
      ]
    },
    {
      "target_name": "kernels_avx2",
      "type": "static_library",
      "conditions": [
        ["is_x86==1", {
          "cflags": ["-mavx2", "-mfma"],
          "sources": [
            "src/kernels/avx2/vector_f32.cc",
            "src/kernels/avx2/dot_f32.cc",
            "src/kernels/avx2/reduce_f32.cc",
            "src/kernels/avx2/compare_f32.cc",
            "src/kernels/avx2/sgemm_f32.cc",
            "src/kernels/avx2/fma_peak_f32.cc",
            "src/kernels/avx2/teddy_u8.cc",
            "src/kernels/avx2/prefix_filter_u8.cc"
          ]
        }]
      ]
    },
    {
      "target_name": "kernels_avx512",
      "type": "static_library",
      "conditions": [
        ["is_x86==1", {
          # GCC 12's avx512fintrin.h initialises _mm512_undefined_* values from themselves,
          # which -Wextra reports as uninitialized; silence that header noise only here.
          "cflags": ["-mavx512f", "-mavx512bw", "-mavx512vl", "-mavx512dq", "-Wno-uninitialized", "-Wno-maybe-uninitialized"],
          "sources": [
            "src/kernels/avx512/vector_f32.cc",
            "src/kernels/avx512/dot_f32.cc",
            "src/kernels/avx512/reduce_f32.cc",
            "src/kernels/avx512/compare_f32.cc",
            "src/kernels/avx512/sgemm_f32.cc",
            "src/kernels/avx512/fma_peak_f32.cc",
            "src/kernels/avx512/teddy_u8.cc",
            "src/kernels/avx512/prefix_filter_u8.cc"
          ]
        }]
      ]
    },
    {
      # NEON (ASIMD) is baseline on aarch64: no flags. On x86 these files are built only into
      # the test-only emulation addon (emulation/binding.gyp), through SIMDe.
      "target_name": "kernels_neon",
      "type": "static_library",
      "conditions": [
        ["is_arm64==1", {
          "sources": [
            "src/kernels/neon/vector_f32.cc",
            "src/kernels/neon/dot_f32.cc",
            "src/kernels/neon/reduce_f32.cc",
            "src/kernels/neon/teddy_u8.cc"
          ]
        }]
      ]
    },
    {
      "target_name": "knhk_native",
      "dependencies": ["kernels_scalar", "kernels_avx2", "kernels_avx512", "kernels_neon"],
      "sources": [
        "src/addon.cc",
        "src/binding/errors.cc",
        "src/binding/args.cc",
        "src/binding/vector_binding.cc",
        "src/binding/reduce_binding.cc",
        "src/binding/isa_binding.cc",
        "src/binding/sgemm_binding.cc",
        "src/binding/peak_binding.cc",
        "src/binding/threads_binding.cc",
        "src/binding/buffer_binding.cc",
        "src/binding/peer_binding.cc",
        "src/peers/openblas.cc",
        "src/binding/pattern_binding.cc",
        "src/pattern/aho_corasick.cc",
        "src/pattern/prefix_index.cc",
        "src/pattern/pattern_set.cc",
        "src/cpu/cpu_features.cc",
        "src/dispatch/dispatch.cc",
        "src/opencl/cl_loader.cc",
        "src/binding/opencl_errors.cc",
        "src/binding/opencl_context.cc",
        "src/binding/opencl_binding.cc",
        "src/cuda/cuda_loader.cc",
        "src/binding/cuda_errors.cc",
        "src/binding/cuda_handles.cc",
        "src/binding/cuda_binding.cc",
        "src/binding/cuda_queue_binding.cc",
        "src/gemm/sgemm_pack.cc",
        "src/gemm/sgemm_blocked.cc",
        "src/parallel/thread_pool.cc",
        "src/parallel/split_f32.cc"
      ],
      "ldflags": ["-pthread"],
      # OpenCL and the CUDA driver are loaded with dlopen at run time (src/opencl/cl_loader.cc,
      # src/cuda/cuda_loader.cc): no OpenCL or CUDA library or header is needed to build; -ldl
      # only for glibc before 2.34.
      "libraries": ["-ldl"],
      "include_dirs": ["<(napi_include)"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-fexceptions"]
    }
  ]
}
