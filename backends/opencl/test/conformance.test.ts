/**
 * The plugin SDK's conformance kit for the opencl backend, on the OpenCL runtime of this
 * machine (PoCL in CI). It needs ocl-icd-libopencl1 and pocl-opencl-icd: without them it is
 * not run (listed at the end of `npm test`), with CI set it fails; with them the backend must
 * be available, or every check fails with the reason.
 */
import { conformanceSuite, describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { openclBackend } from '../src/index.js';
import { OPENCL_RUNTIME } from './opencl-runtime.js';

describeWithSystemPackages('@knhk/backend-opencl: conformance', OPENCL_RUNTIME, () => conformanceSuite(openclBackend));
