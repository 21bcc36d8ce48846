/**
 * The fuzz run, in a child process of the test (so that a crash or a hang of a backend is
 * seen from outside): every available backend, through the framework pinned to it and
 * directly on its providers, gets its share of the calls. Before each call it tells the
 * parent which call it starts; at the end it sends the failures and the summary.
 *
 * Arguments: the total number of calls and the seed.
 */
import avx2Backend from '@knhk/backend-avx2';
import avx512Backend from '@knhk/backend-avx512';
import cpuBackend from '@knhk/backend-cpu';
import neonBackend from '@knhk/backend-neon';
import openclBackend from '@knhk/backend-opencl';
import {
  type DeviceBuffer,
  type Framework,
  type MlpModel,
  type PatternSet,
  SeededRandom,
  createFramework,
  silentLogger,
} from '@knhk/core';
import { type Capabilities, type Fixtures, type FuzzCall, nextCall } from './bad-calls.js';
import { type Outcome, classifyError, difference, verdict } from './outcome.js';

const CAPABILITIES = ['vector', 'reduce', 'matmul', 'pattern', 'mlp', 'memory'] as const;
const PLUGINS = [cpuBackend, avx2Backend, avx512Backend, neonBackend, openclBackend];
/** How long a returned promise may take to settle. */
const PROMISE_LIMIT_MS = 5000;

/** One way of calling a backend: the framework pinned to it, or its providers directly. */
interface Target {
  readonly backend: string;
  readonly route: 'framework' | 'direct';
  readonly capabilities: Capabilities;
}

/** What the parent receives. */
export type FuzzMessage =
  | { readonly type: 'start'; readonly index: number; readonly where: string }
  | { readonly type: 'done'; readonly report: FuzzReport };

/** The result of a run. */
export interface FuzzReport {
  readonly calls: number;
  readonly backends: readonly string[];
  readonly unavailable: readonly string[];
  /** Calls by `backend/route` and operation. */
  readonly perTarget: Record<string, Record<string, number>>;
  /** Errors by code, over all calls. */
  readonly codes: Record<string, number>;
  /** Calls by expectation and outcome, e.g. `bad -> coded`. */
  readonly outcomes: Record<string, number>;
  readonly failures: readonly string[];
  readonly seconds: number;
}

function send(message: FuzzMessage): void {
  process.send?.(message);
}

/** Sends the last message and resolves once it is written: `process.exit` right after a plain send may drop it. */
function sendLast(message: FuzzMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) return resolve();
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

function directCapabilities(knhk: Framework, backend: string): Capabilities {
  const view = knhk.backend(backend);
  return Object.fromEntries(CAPABILITIES.map((c) => [c, view.get(c)])) as unknown as Capabilities;
}

function frameworkCapabilities(knhk: Framework): Capabilities {
  return Object.fromEntries(CAPABILITIES.map((c) => [c, knhk.get(c)])) as unknown as Capabilities;
}

/** The handles of `backend` the calls need, made in `main`, with foreign ones from `other` (another instance) and other providers. */
function fixtures(main: Framework, other: Framework, backend: string, otherProviders: readonly string[]): Fixtures {
  const own = directCapabilities(main, backend);
  const foreign = [directCapabilities(other, backend), ...otherProviders.map((p) => directCapabilities(main, p))];
  const buffer = (c: Capabilities, dtype = 'f32') => c.memory.allocate(8, dtype) as DeviceBuffer;
  const set = (c: Capabilities) => c.pattern.compile(['ab', 'b']) as PatternSet;
  const model = (c: Capabilities) => c.mlp.createModel({ layers: [3, 4, 2] }) as MlpModel;
  const releasedBuffer = buffer(own);
  own.memory.free(releasedBuffer);
  const releasedSet = set(own);
  own.pattern.release(releasedSet);
  const releasedModel = model(own);
  own.mlp.release(releasedModel);
  return {
    provider: backend,
    f32Buffer: buffer(own),
    u8Buffer: buffer(own, 'u8'),
    releasedBuffer,
    foreignBuffers: foreign.map((c) => buffer(c)),
    patternSet: set(own),
    releasedSet,
    foreignSets: foreign.map(set),
    model: model(own),
    releasedModel,
    foreignModels: foreign.map(model),
  };
}

/** A copy of a typed array; of a detached one, another detached one. */
function copyView(view: Float32Array): Float32Array {
  try {
    return view.slice();
  } catch {
    const copy = new (view.constructor as Float32ArrayConstructor)(1);
    structuredClone(copy.buffer, { transfer: [copy.buffer] });
    return copy;
  }
}

/** A copy of host arguments that keeps which arguments are the same array (aliasing). */
function cloneArgs(args: readonly unknown[]): unknown[] {
  const seen = new Map<unknown, unknown>();
  const clone = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return seen.get(value);
    let copy: unknown;
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) copy = copyView(value as Float32Array);
    else if (Array.isArray(value)) copy = value.map(clone);
    else if (Object.getPrototypeOf(value) === Object.prototype) {
      copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
    } else copy = value;
    seen.set(value, copy);
    return copy;
  };
  return args.map(clone);
}

function invoke(target: Capabilities, call: FuzzCall, args: readonly unknown[] | undefined): unknown {
  if (call.run !== undefined) return call.run(target);
  const [capability, operation] = call.op.split('.');
  return target[capability][operation](...(args ?? []));
}

async function settle(value: unknown): Promise<{ outcome: Outcome; value?: unknown }> {
  if (typeof (value as { then?: unknown } | null)?.then !== 'function') return { outcome: { kind: 'returned' }, value };
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`fuzz: the promise did not settle in ${PROMISE_LIMIT_MS} ms`)),
      PROMISE_LIMIT_MS,
    );
  });
  try {
    return { outcome: { kind: 'returned' }, value: await Promise.race([value as Promise<unknown>, limit]) };
  } catch (error) {
    return { outcome: classifyError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one call and, where it returned on host arguments, the reference on copies of them. */
async function runOne(
  target: Capabilities,
  reference: Capabilities,
  call: FuzzCall,
): Promise<{ outcome: Outcome; mismatch?: string }> {
  const copies = call.comparable && call.args !== undefined ? cloneArgs(call.args) : undefined;
  let settled: { outcome: Outcome; value?: unknown };
  try {
    settled = await settle(invoke(target, call, call.args));
  } catch (error) {
    return { outcome: classifyError(error) };
  }
  cleanUp(target, settled.value);
  if (settled.outcome.kind !== 'returned' || copies === undefined || call.args === undefined) return settled;
  let expected: unknown;
  try {
    expected = invoke(reference, call, copies);
  } catch (error) {
    const ref = classifyError(error);
    return {
      outcome: settled.outcome,
      mismatch: `the cpu reference throws ${ref.code ?? ref.detail} on the same call`,
    };
  }
  let mismatch = difference(call.op, settled.value, expected);
  for (let i = 0; mismatch === undefined && i < call.args.length; i++) {
    const d = difference(call.op, call.args[i], copies[i]);
    if (d !== undefined) mismatch = `argument ${i} afterwards: ${d}`;
  }
  return { outcome: settled.outcome, mismatch };
}

/** Frees what a call that returned may have made, so that a run does not pile up buffers. */
function cleanUp(target: Capabilities, value: unknown): void {
  const handle = value as { kind?: unknown; released?: unknown } | null;
  if (typeof handle !== 'object' || handle === null || handle.released !== false) return;
  try {
    if (handle.kind === 'buffer') target.memory.free(handle);
    if (handle.kind === 'pattern-set') target.pattern.release(handle);
    if (handle.kind === 'mlp-model') target.mlp.release(handle);
  } catch {
    // A handle of another provider; the framework's disposal frees it.
  }
}

function increment(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

async function main(total: number, seed: number): Promise<void> {
  const started = Date.now();
  const options = { plugins: PLUGINS, discover: false, wisdomPath: false, logger: silentLogger } as const;
  const [knhk, other, ref] = await Promise.all([
    createFramework(options),
    createFramework(options),
    createFramework({ ...options, plugins: [cpuBackend] }),
  ]);
  const ready = knhk
    .plugins()
    .filter((p) => p.status === 'ready')
    .map((p) => p.name);
  const unavailable = knhk
    .plugins()
    .filter((p) => p.status !== 'ready')
    .map((p) => `${p.name}: ${p.reason}`);
  const reference = directCapabilities(ref, 'cpu');
  const targets: Target[] = ready.flatMap((backend): Target[] => [
    { backend, route: 'framework', capabilities: frameworkCapabilities(knhk) },
    { backend, route: 'direct', capabilities: directCapabilities(knhk, backend) },
  ]);
  const rng = new SeededRandom(seed);
  const report: FuzzReport = {
    calls: 0,
    backends: ready,
    unavailable,
    perTarget: {},
    codes: {},
    outcomes: {},
    failures: [],
    seconds: 0,
  };
  const failures = report.failures as string[];
  let calls = 0;
  let index = 0;
  for (const [t, target] of targets.entries()) {
    const share = Math.floor(total / targets.length) + (t < total % targets.length ? 1 : 0);
    const where = `${target.backend}/${target.route}`;
    if (target.route === 'framework') knhk.pin('*', target.backend);
    // Through the framework another provider's handle is routed to that provider (valid), so only direct calls get one.
    const others = target.route === 'direct' ? ready.filter((b) => b !== target.backend).slice(0, 1) : [];
    const fx = fixtures(knhk, other, target.backend, others);
    const perOp: Record<string, number> = {};
    report.perTarget[where] = perOp;
    for (let i = 0; i < share; i++, index++) {
      const call = nextCall(index, rng, fx);
      send({ type: 'start', index, where: `${where} ${call.op}: ${call.label}` });
      const { outcome, mismatch } = await runOne(target.capabilities, reference, call);
      increment(perOp, call.op);
      increment(report.outcomes, `${call.expect} -> ${outcome.kind}`);
      if (outcome.code !== undefined) increment(report.codes, outcome.code);
      const why = verdict(call.expect, outcome, mismatch);
      if (why !== undefined) failures.push(`${where} ${call.op} (${call.label}, expected ${call.expect}): ${why}`);
      calls++;
    }
  }
  knhk.unpin('*');
  await Promise.all([knhk.dispose(), other.dispose(), ref.dispose()]);
  await sendLast({ type: 'done', report: { ...report, calls, seconds: (Date.now() - started) / 1000 } });
}

const [total, seed] = process.argv.slice(2).map(Number);
main(total, seed).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
