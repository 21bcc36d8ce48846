/**
 * `npm run small-calls -w @knhk/benchmarks [-- --quick]`: prints (a) every vector and reduce
 * operation through the framework on cpu against a plain JavaScript loop at n = 16, 1024 and
 * 65536, with and without `out` (limit 1.3x + 15 ns), and (b) the dispatch overhead of every
 * operation on the native backends available here (avx2, avx512; limit 1.1x). `--quick`
 * measures fewer, shorter rounds (under a minute). Exits 1 when a row fails.
 */
import cpuBackend from '@knhk/backend-cpu';
import { type KnhkPlugin, createFramework, silentLogger } from '@knhk/core';
import {
  type DispatchRow,
  FULL_SETTINGS,
  QUICK_SETTINGS,
  formatDispatchTable,
  formatLoopTable,
  measureAgainstLoops,
  measureDispatch,
  smallCallSink,
} from './small-calls.js';

const quick = process.argv.includes('--quick');
const settings = quick ? QUICK_SETTINGS : FULL_SETTINGS;
const started = Date.now();
const out = (line: string): boolean => process.stdout.write(`${line}\n`);

out(`# small calls (${quick ? 'quick' : 'full'}: ${settings.rounds} rounds of ${settings.budget.timeMs} ms a side)\n`);
const cpu = await createFramework({ plugins: [cpuBackend], discover: false, wisdomPath: false, logger: silentLogger });
const loopRows = await measureAgainstLoops(cpu, settings);
await cpu.dispose();
out('## (a) through the framework on cpu against a plain JavaScript loop\n');
out(formatLoopTable(loopRows));

const native: [string, () => Promise<{ default: KnhkPlugin }>][] = [
  ['avx2', () => import('@knhk/backend-avx2')],
  ['avx512', () => import('@knhk/backend-avx512')],
];
const dispatchRows: DispatchRow[] = [];
const skipped: string[] = [];
for (const [name, load] of native) {
  const plugin = (await load()).default;
  const framework = await createFramework({
    plugins: [plugin],
    discover: false,
    wisdomPath: false,
    logger: silentLogger,
  });
  const status = framework.plugins().find((p) => p.name === name);
  if (status?.status !== 'ready') {
    skipped.push(`${name}: ${status?.reason ?? 'not loaded'}`);
  } else {
    dispatchRows.push(...(await measureDispatch(framework, name, settings)));
  }
  await framework.dispose();
}
out('\n## (b) dispatch overhead on the native backends: framework over a direct kernel call, n = 1024, with out\n');
out(dispatchRows.length > 0 ? formatDispatchTable(dispatchRows) : '(no native backend is available here)');
for (const line of skipped) out(`\nskipped ${line}`);

const failed = loopRows.filter((r) => !r.pass).length + dispatchRows.filter((r) => !r.pass).length;
out(
  `\n${failed === 0 ? 'every row passes' : `${failed} rows fail`} (${((Date.now() - started) / 1000).toFixed(0)} s; sink ${smallCallSink() > 0 ? 'fed' : 'empty'})`,
);
process.exitCode = failed === 0 ? 0 : 1;
