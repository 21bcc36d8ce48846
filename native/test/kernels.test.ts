/**
 * Every kernel of every ISA this CPU runs (scalar always), against plain TypeScript
 * references, over every tail length, with NaN, signed zeros and ties.
 */
import { loadNative } from '../src/index.js';
import { describeKernelChecks } from './kernel-checks.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;

for (const isa of load.isas) describeKernelChecks(`@knhk/native kernels: ${isa}`, isa, () => addon.kernels(isa));
