/**
 * @knhk/backend-cuda: CUDA C kernels for NVIDIA GPUs (kernels/, one file per family, in the
 * subset HIP compiles), built into fatbins by nvcc at install when it is present, with the
 * generated PTX shipped for machines with only the driver.
 */
export { CUDA_PACKAGE_DIR, type KernelImage, type KernelImages, kernelImages } from './kernel-images.js';
export { FATBIN_MAGIC, type FatbinEntry, fatbinEntries } from './fatbin-entries.js';
export { PTX_ISA_MIN_DRIVER, driverTooOld, driverVersionText, minimumDriverFor } from './ptx-driver-versions.js';
