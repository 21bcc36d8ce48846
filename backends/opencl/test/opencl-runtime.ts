/**
 * The system packages the opencl tests need: the ICD loader and PoCL (an OpenCL driver on the
 * CPU; two-devices.test.ts asks PoCL for two devices, division.test.ts needs its fp64). Suites
 * declared with `describeWithSystemPackages(title, OPENCL_RUNTIME, ...)` are not run without
 * them, and required when CI is set.
 */
import { SYSTEM_PACKAGES, type SystemPackage } from '@knhk/plugin-sdk/mocha';

export const OPENCL_RUNTIME: readonly SystemPackage[] = [SYSTEM_PACKAGES.openclLoader, SYSTEM_PACKAGES.pocl];
