/**
 * Which CUDA driver a PTX file needs: the driver JIT-compiles PTX only up to the PTX ISA
 * version of its own CUDA release. Versions as `cuDriverGetVersion` reports them (1000 *
 * major + 10 * minor: 13000 for CUDA 13.0). The table is NVIDIA's PTX ISA release history.
 */

/** The first CUDA release that loads each PTX ISA version (from ISA 7.0, CUDA 11.0, on). */
export const PTX_ISA_MIN_DRIVER: Readonly<Record<string, number>> = {
  '7.0': 11000,
  '7.1': 11010,
  '7.2': 11020,
  '7.3': 11030,
  '7.4': 11040,
  '7.5': 11050,
  '7.6': 11060,
  '7.7': 11070,
  '7.8': 11080,
  '8.0': 12000,
  '8.1': 12010,
  '8.2': 12020,
  '8.3': 12030,
  '8.4': 12040,
  '8.5': 12050,
  '8.6': 12070,
  '8.7': 12080,
  '8.8': 12090,
  '9.0': 13000,
  '9.1': 13010,
};

/** "13.0" for 13000. */
export function driverVersionText(version: number): string {
  return `${Math.floor(version / 1000)}.${Math.floor((version % 1000) / 10)}`;
}

/** The driver version that PTX ISA `isa` needs, or undefined for an ISA the table does not know (newer than it). */
export function minimumDriverFor(isa: string): number | undefined {
  return PTX_ISA_MIN_DRIVER[isa];
}

/**
 * Why a driver of `driverVersion` cannot load PTX of ISA `isa`, or undefined when it can.
 * An ISA the table does not know is newer than every release it lists, so it says so.
 */
export function driverTooOld(driverVersion: number, isa: string): string | undefined {
  const needed = minimumDriverFor(isa);
  if (needed !== undefined && driverVersion >= needed) return undefined;
  const need =
    needed === undefined
      ? `a driver newer than CUDA ${driverVersionText(13010)}`
      : `CUDA ${driverVersionText(needed)} or newer`;
  return `the NVIDIA driver supports CUDA ${driverVersionText(driverVersion)}, older than the kernels' PTX (ISA ${isa}) needs (${need}); update the NVIDIA driver, or build fatbins with \`npm run build:kernels -w @knhk/backend-cuda\` using an nvcc no newer than the driver`;
}
