/**
 * The `pattern` capability of the opencl backend: `@knhk/host`'s Aho-Corasick automaton
 * (core's pattern checks, the same ids as every backend), uploaded once per compiled set and run on the device over chunks of
 * the data in parallel (see kernels/pattern-kernels.ts). Results are identical to the cpu
 * backend's: every match, sorted by end offset and then by id.
 */
import {
  type DeviceBuffer,
  KnhkError,
  type MatchList,
  type PatternMatcher,
  type PatternSet,
  type PatternStream,
  inject,
  injectable,
  isHandle,
  checkPatterns,
  typeName,
} from '@knhk/core';
import { AhoCorasick } from '@knhk/host';
import type { PooledBlock } from './buffer-pool.js';
import { type DeviceCall, type DeviceOperand, onDevice } from './device-call.js';
import { PATTERN_PROGRAM } from './kernels/pattern-kernels.js';
import { OPENCL_PROVIDER, OpenClBuffer } from './opencl-buffer.js';
import type { OpenClDevice } from './opencl-device.js';
import { OpenClRuntime } from './opencl-runtime.js';

/** End positions each work-item takes. */
const CHUNK_BYTES = 4096;
const EMPTY: MatchList = Object.freeze({ count: 0, ids: new Uint32Array(0), ends: new Float64Array(0) });

/** The automaton's tables in device memory. */
interface DeviceAutomaton {
  readonly table: PooledBlock;
  readonly outStart: PooledBlock;
  readonly outIds: PooledBlock;
  /** Bytes before a chunk that determine the state at its start: the longest pattern less one. */
  readonly lookbehind: number;
  /** Most matches that end at one position (the longest complete output list). */
  readonly outputsMax: number;
}

/** A compiled pattern set of the opencl backend: its automaton on the device. */
export class OpenClPatternSet implements PatternSet {
  readonly kind = 'pattern-set' as const;
  readonly provider = OPENCL_PROVIDER;
  private tables: DeviceAutomaton | undefined;

  constructor(
    readonly count: number,
    readonly device: OpenClDevice,
    tables: DeviceAutomaton,
  ) {
    this.tables = tables;
  }

  /** True once released. */
  get released(): boolean {
    return this.tables === undefined;
  }

  /** The device tables; undefined once released. */
  get automaton(): DeviceAutomaton | undefined {
    return this.tables;
  }

  /** Gives the tables' memory back to the pool. */
  markReleased(): void {
    if (this.tables === undefined) return;
    for (const block of [this.tables.table, this.tables.outStart, this.tables.outIds]) this.device.pool.giveBack(block);
    this.tables = undefined;
  }
}

function upload(device: OpenClDevice, op: string, data: Int32Array | Uint32Array): PooledBlock {
  const block = device.pool.acquire(op, data.byteLength);
  if (data.length > 0) device.context.write(block.mem, 0, data);
  return block;
}

/** Entries of the one-pass output at most (4 MiB); larger scans count first. */
const COLLECT_WORDS_MAX = 1 << 20;

/** The one-pass scan of {@link scanOnDevice}, or undefined when its per-item regions would be too large. */
function collectOnDevice(
  call: DeviceCall,
  tables: DeviceAutomaton,
  data: DeviceOperand,
  n: number,
  from: number,
  base: number,
): MatchList | undefined {
  const items = Math.ceil((n - from) / CHUNK_BYTES);
  const capacity = Math.min(CHUNK_BYTES, n - from) * tables.outputsMax;
  const words = items * (1 + 2 * capacity);
  if (words > COLLECT_WORDS_MAX) return undefined;
  const out = call.temporary(words * 4);
  const args = [data.mem, n, from, CHUNK_BYTES, tables.lookbehind, tables.table.mem, tables.outStart.mem];
  const types = 'buuuubbbub';
  call.device.context.run(
    call.device.kernel(PATTERN_PROGRAM, 'ac_collect'),
    types,
    [...args, tables.outIds.mem, capacity, out.mem],
    [items],
    null,
  );
  const all = call.readSync(out.mem, new Uint32Array(words));
  let total = 0;
  for (let i = 0; i < items; i++) total += all[i];
  const ids = new Uint32Array(total);
  const ends = new Float64Array(total);
  for (let i = 0, w = 0; i < items; i++) {
    const idsAt = items + i * capacity;
    const endsAt = items + items * capacity + i * capacity;
    ids.set(all.subarray(idsAt, idsAt + all[i]), w);
    for (let j = 0; j < all[i]; j++) ends[w + j] = base + all[endsAt + j];
    w += all[i];
  }
  return { count: total, ids, ends };
}

/** Scans `n` bytes of `data` (positions before `from` are context) on the device; ends are offset by `base`. */
function scanOnDevice(
  call: DeviceCall,
  tables: DeviceAutomaton,
  data: DeviceOperand,
  n: number,
  from: number,
  base: number,
): MatchList {
  if (n <= from || tables.outputsMax === 0) return EMPTY;
  const collected = collectOnDevice(call, tables, data, n, from, base);
  if (collected !== undefined) return collected;
  const { context } = call.device;
  const items = Math.ceil((n - from) / CHUNK_BYTES);
  const counts = call.temporary(items * 4);
  const head = [data.mem, n, from, CHUNK_BYTES, tables.lookbehind, tables.table.mem, tables.outStart.mem];
  context.run(call.device.kernel(PATTERN_PROGRAM, 'ac_count'), 'buuuubbb', [...head, counts.mem], [items], null);
  const perItem = call.readSync(counts.mem, new Uint32Array(items));
  const offsets = new Uint32Array(items);
  let total = 0;
  for (let i = 0; i < items; i++) {
    offsets[i] = total;
    total += perItem[i];
  }
  if (total === 0) return EMPTY;
  const [offsetBlock, idBlock, endBlock] = [
    call.temporary(items * 4),
    call.temporary(total * 4),
    call.temporary(total * 4),
  ];
  context.write(offsetBlock.mem, 0, offsets);
  const args = [...head, tables.outIds.mem, offsetBlock.mem, idBlock.mem, endBlock.mem];
  context.run(call.device.kernel(PATTERN_PROGRAM, 'ac_write'), 'buuuubbbbbb', args, [items], null);
  const ids = call.readSync(idBlock.mem, new Uint32Array(total));
  const relative = call.readSync(endBlock.mem, new Uint32Array(total));
  const ends = new Float64Array(total);
  for (let i = 0; i < total; i++) ends[i] = base + relative[i];
  return { count: total, ids, ends };
}

/** A streaming scan: the last bytes of the stream are carried into the next chunk's scan as context. */
export class OpenClPatternStream implements PatternStream {
  private carry = new Uint8Array(0);
  private written = 0;
  private closed = false;

  constructor(
    private readonly set: OpenClPatternSet,
    private readonly bytesOf: (op: string, chunk: unknown) => Uint8Array,
  ) {}

  /** Bytes written so far. */
  get offset(): number {
    return this.written;
  }

  /** Scans the next chunk; match ends count from the start of the stream. */
  write(chunk: Uint8Array): MatchList {
    const op = 'pattern.stream.write';
    const tables = this.set.automaton;
    if (this.closed || tables === undefined) {
      const what = this.closed ? 'the stream was closed' : 'its pattern set was released';
      throw new KnhkError('KNHK_E_BUFFER_RELEASED', `${op}: ${what}`, { op });
    }
    const bytes = this.bytesOf(op, chunk);
    const joined = new Uint8Array(this.carry.length + bytes.length);
    joined.set(this.carry);
    joined.set(bytes, this.carry.length);
    const base = this.written - this.carry.length;
    const matches = onDevice(this.set.device, op, (call) =>
      scanOnDevice(call, tables, call.whole('chunk', joined, joined.length), joined.length, this.carry.length, base),
    );
    this.written += bytes.length;
    this.carry = joined.slice(Math.max(0, joined.length - tables.lookbehind));
    return matches;
  }

  /** Ends the stream; closing again does nothing. */
  close(): void {
    this.closed = true;
  }
}

/** Aho-Corasick matching on the device, of Uint8Arrays and u8 opencl buffers. */
@injectable()
export class OpenClPatternMatcher implements PatternMatcher {
  private readonly created = new WeakSet<OpenClPatternSet>();

  constructor(@inject(OpenClRuntime) private readonly runtime: OpenClRuntime) {}

  /** Compiles the patterns (strings as UTF-8) and uploads the automaton. */
  compile(patterns: readonly (Uint8Array | string)[]): PatternSet {
    const op = 'pattern.compile';
    const bytes = checkPatterns(op, patterns);
    const automaton = AhoCorasick.build(op, bytes);
    const longest = bytes.reduce((max, p) => Math.max(max, p.length), 0);
    const outputs = automaton.completeOutputs();
    const device = this.runtime.primary;
    const tables = {
      table: upload(device, op, automaton.transitions),
      outStart: upload(device, op, outputs.start),
      outIds: upload(device, op, outputs.ids),
      lookbehind: Math.max(0, longest - 1),
      outputsMax: outputs.start.reduce((max, at, s) => (s === 0 ? 0 : Math.max(max, at - outputs.start[s - 1])), 0),
    };
    const set = new OpenClPatternSet(bytes.length, device, tables);
    this.created.add(set);
    return set;
  }

  /** Every match of the set in `data`, sorted by end offset, then id. */
  scan(set: PatternSet, data: Uint8Array | DeviceBuffer): MatchList {
    const op = 'pattern.scan';
    const owned = this.owned(op, set);
    const tables = this.tablesOf(op, owned);
    const bytes = this.runtime.buffers.u8(op, 'data', data);
    return onDevice(owned.device, op, (call) =>
      scanOnDevice(call, tables, call.whole('data', bytes, bytes.length), bytes.length, 0, 0),
    );
  }

  /** A stream over the set; it fails with `KNHK_E_BUFFER_RELEASED` once the set is released. */
  openStream(set: PatternSet): PatternStream {
    const op = 'pattern.openStream';
    const owned = this.owned(op, set);
    this.tablesOf(op, owned);
    return new OpenClPatternStream(owned, (name, chunk) => this.hostBytes(name, chunk));
  }

  /** Frees the set; releasing it again does nothing. */
  release(set: PatternSet): void {
    this.owned('pattern.release', set).markReleased();
  }

  /** A chunk's bytes on the host (a u8 buffer is read back). */
  private hostBytes(op: string, chunk: unknown): Uint8Array {
    const bytes = this.runtime.buffers.u8(op, 'chunk', chunk);
    if (!(bytes instanceof OpenClBuffer)) return bytes;
    return bytes.owner.context.readSync(bytes.mem, 0, new Uint8Array(bytes.length));
  }

  private tablesOf(op: string, set: OpenClPatternSet): DeviceAutomaton {
    const tables = set.automaton;
    if (tables === undefined)
      throw new KnhkError('KNHK_E_BUFFER_RELEASED', `${op}: the pattern set was released`, { op });
    return tables;
  }

  private owned(op: string, set: unknown): OpenClPatternSet {
    if (!isHandle(set)) {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: set must be a compiled pattern set, got ${typeName(set)}`, { op });
    }
    if (set.provider !== OPENCL_PROVIDER) {
      throw new KnhkError('KNHK_E_BUFFER_FOREIGN', `${op}: the pattern set belongs to provider "${set.provider}"`, {
        op,
      });
    }
    if (set.kind !== 'pattern-set') {
      throw new KnhkError('KNHK_E_ARG_TYPE', `${op}: set must be a pattern set, got a ${set.kind} handle`, { op });
    }
    if (!(set instanceof OpenClPatternSet) || !this.created.has(set)) {
      throw new KnhkError('KNHK_E_BUFFER_FOREIGN', `${op}: the pattern set was compiled by another plugin instance`, {
        op,
      });
    }
    return set;
  }
}
