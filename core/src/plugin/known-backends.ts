/**
 * The hardware backends knhk knows by name. `detect` lists each of them, installed or not,
 * so a user sees what could run here and why it does not.
 */
export const KNOWN_BACKENDS = Object.freeze([
  { name: 'cpu', package: '@knhk/backend-cpu', hardware: 'any CPU (pure TypeScript reference)' },
  { name: 'avx2', package: '@knhk/backend-avx2', hardware: 'x86-64 CPU with AVX2 and FMA' },
  { name: 'avx512', package: '@knhk/backend-avx512', hardware: 'x86-64 CPU with AVX-512F/BW/VL/DQ' },
  { name: 'neon', package: '@knhk/backend-neon', hardware: 'ARM64 CPU with NEON (ASIMD)' },
  { name: 'opencl', package: '@knhk/backend-opencl', hardware: 'an OpenCL 1.2+ device and ICD loader' },
  { name: 'cuda', package: '@knhk/backend-cuda', hardware: 'an NVIDIA GPU with the CUDA driver' },
  { name: 'rocm', package: '@knhk/backend-rocm', hardware: 'an AMD GPU with the ROCm/HIP runtime' },
  { name: 'xilinx-fpga', package: '@knhk/backend-xilinx-fpga', hardware: 'a Xilinx/AMD FPGA card with XRT' },
  { name: 'intel-fpga', package: '@knhk/backend-intel-fpga', hardware: 'an Intel FPGA card with its OpenCL runtime' },
] as const);

/** Name of a backend knhk knows. */
export type KnownBackendName = (typeof KNOWN_BACKENDS)[number]['name'];
