/**
 * What an nvcc fatbin holds: its entries, each a cubin (ELF) for one SM architecture or PTX
 * for one virtual architecture. The layout (little-endian): a 16-byte header (magic
 * 0xBA55ED50, version, header size, size of the entries), then per entry a header with its
 * kind (1 PTX, 2 ELF), header size, payload size, the PTX ISA minor and major version and the
 * architecture (80 for sm_80 or compute_80).
 */
import { KnhkError } from '@knhk/core';

/** The first four bytes of every fatbin. */
export const FATBIN_MAGIC = 0xba55ed50;

/** One entry of a fatbin. */
export interface FatbinEntry {
  readonly kind: 'ptx' | 'elf';
  /** 80 for sm_80 / compute_80. */
  readonly arch: number;
  /** The PTX ISA version of a PTX entry ("9.0"); undefined for a cubin. */
  readonly ptxIsa?: string;
  readonly payloadBytes: number;
}

function malformed(what: string, reason: string): never {
  throw new KnhkError(
    'KNHK_E_CUDA_MODULE',
    `${what} is not an nvcc fatbin: ${reason}; rebuild it with \`npm run build:kernels -w @knhk/backend-cuda\``,
    { file: what },
  );
}

/** The entries of the fatbin `bytes` (named `what` in errors); `KNHK_E_CUDA_MODULE` when it is not one. */
export function fatbinEntries(bytes: Uint8Array, what = 'the image'): FatbinEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 16 || view.getUint32(0, true) !== FATBIN_MAGIC) malformed(what, 'no fatbin magic');
  const headerBytes = view.getUint16(6, true);
  const end = headerBytes + Number(view.getBigUint64(8, true));
  if (end > bytes.byteLength) malformed(what, `it declares ${end} bytes but has ${bytes.byteLength}`);
  const entries: FatbinEntry[] = [];
  for (let at = headerBytes; at < end;) {
    if (at + 32 > end) malformed(what, `an entry header at byte ${at} runs past the end`);
    const kindCode = view.getUint16(at, true);
    const entryHeader = view.getUint32(at + 4, true);
    const payloadBytes = Number(view.getBigUint64(at + 8, true));
    if (kindCode !== 1 && kindCode !== 2) malformed(what, `entry at byte ${at} has unknown kind ${kindCode}`);
    const arch = view.getUint32(at + 28, true);
    entries.push(
      kindCode === 1
        ? {
            kind: 'ptx',
            arch,
            ptxIsa: `${view.getUint16(at + 26, true)}.${view.getUint16(at + 24, true)}`,
            payloadBytes,
          }
        : { kind: 'elf', arch, payloadBytes },
    );
    at += entryHeader + payloadBytes;
  }
  return entries;
}
