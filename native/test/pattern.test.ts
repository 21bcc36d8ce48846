/**
 * The native pattern matcher of every ISA this CPU runs (scalar always) against the cpu
 * backend's matches (see pattern-checks.ts).
 */
import { loadNative } from '../src/index.js';
import { describePatternChecks } from './pattern-checks.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;

for (const isa of load.isas) describePatternChecks(`@knhk/native pattern matching: ${isa}`, () => addon.kernels(isa));
