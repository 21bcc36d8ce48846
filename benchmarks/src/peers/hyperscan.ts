/**
 * Hyperscan (benchmark-only peer): `hs_compile_multi` of literal patterns and a block-mode
 * scan, through the benchmarks' peers addon (benchmarks/native), which opens `libhs.so.5`
 * with dlopen at run time. Measured on `pattern.compile` (the workload compiles a set, then
 * times scans with it). Hyperscan's scan reports every match to a callback that counts them;
 * knhk's builds the match list, so the comparison does not favour knhk.
 */
import { KnhkError } from '@knhk/core';
import { type HyperscanDatabase, type PeersAddon, loadPeersAddon } from './peers-addon.js';
import type { MissingPeer, Peer } from './peer.js';

/** A compiled set of the Hyperscan peer. */
interface HyperscanSet {
  readonly kind: 'pattern-set';
  readonly provider: 'hyperscan';
  readonly count: number;
  readonly database: HyperscanDatabase;
}

const encoder = new TextEncoder();

function setOf(set: unknown): HyperscanSet {
  if (typeof set !== 'object' || set === null || (set as { provider?: unknown }).provider !== 'hyperscan') {
    throw new KnhkError('KNHK_E_BUFFER_FOREIGN', 'hyperscan peer: the set was not compiled by the hyperscan peer');
  }
  return set as HyperscanSet;
}

function matcherOf(addon: PeersAddon) {
  return {
    compile(patterns: readonly (Uint8Array | string)[]): HyperscanSet {
      const bytes = patterns.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
      return {
        kind: 'pattern-set',
        provider: 'hyperscan',
        count: bytes.length,
        database: addon.hyperscanCompile(bytes),
      };
    },
    /** The number of matches (Hyperscan's callback counts them; no list is built). */
    scan(set: unknown, data: Uint8Array): { readonly count: number } {
      return { count: addon.hyperscanCount(setOf(set).database, data) };
    },
    release(set: unknown): void {
      addon.hyperscanRelease(setOf(set).database);
    },
  };
}

/** The Hyperscan peer (the peers addon from `buildDir`, default its build folder), or why it is missing (the addon not built, or libhs.so.5 absent). */
export function loadHyperscan(buildDir?: string): Peer | MissingPeer {
  const load = loadPeersAddon(buildDir);
  if (!load.ok) return { name: 'hyperscan', reason: load.reason };
  const status = load.addon.hyperscanStatus();
  if (!status.available) return { name: 'hyperscan', reason: status.reason };
  return { name: 'hyperscan', operations: ['pattern.compile'], impl: matcherOf(load.addon) };
}
