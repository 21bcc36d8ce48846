/**
 * The plugin SDK's conformance kit for the opencl backend, on the OpenCL runtime of this
 * machine (PoCL in CI). It requires the backend to be available: without OpenCL it fails
 * with the reason, it never skips.
 */
import { conformanceSuite } from '@knhk/plugin-sdk/mocha';
import { openclBackend } from '../src/index.js';

conformanceSuite(openclBackend);
