import type { MissingPeer, Peer } from './peer.js';
import { loadHyperscan } from './hyperscan.js';
import { loadOpenblas } from './openblas.js';
import { loadSimsimd } from './simsimd.js';

export type { MissingPeer, Peer } from './peer.js';

/** Every peer knhk knows: the loaded ones and why others are missing. */
export async function loadPeers(): Promise<{ peers: Peer[]; missing: MissingPeer[] }> {
  const all = await Promise.all([loadSimsimd(), loadOpenblas(), loadHyperscan()]);
  return {
    peers: all.filter((p): p is Peer => 'impl' in p),
    missing: all.filter((p): p is MissingPeer => !('impl' in p)),
  };
}
