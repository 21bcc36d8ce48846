/**
 * CRC-32C (Castagnoli): the checksum of every write-ahead log record and snapshot file.
 * Reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF (RFC 3720 §B.4,
 * whose test patterns are the known-answer vectors of the tests). Table-driven, slicing by 4.
 */

/** The reflected Castagnoli polynomial (RFC 3720 §12.1). */
const POLYNOMIAL = 0x82f63b78;

/** TABLES[k][b]: the CRC of byte b followed by k zero bytes (slicing-by-4). */
const TABLES: readonly Uint32Array[] = buildTables();

function buildTables(): Uint32Array[] {
  const tables = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  for (let b = 0; b < 256; b++) {
    let crc = b;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    tables[0][b] = crc >>> 0;
  }
  for (let b = 0; b < 256; b++) {
    for (let k = 1; k < 4; k++) {
      const prev = tables[k - 1][b];
      tables[k][b] = ((prev >>> 8) ^ tables[0][prev & 0xff]) >>> 0;
    }
  }
  return tables;
}

/**
 * Continues a CRC-32C over `bytes` (from `start` to `end`). Pass the result of a previous call
 * as `crc` to checksum data in pieces; start from 0.
 */
export function crc32cUpdate(crc: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  const [t0, t1, t2, t3] = TABLES;
  let c = ~crc >>> 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c = t3[c & 0xff] ^ t2[(c >>> 8) & 0xff] ^ t1[(c >>> 16) & 0xff] ^ t0[c >>> 24];
  }
  for (; i < end; i++) c = t0[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The CRC-32C of `bytes`. */
export function crc32c(bytes: Uint8Array): number {
  return crc32cUpdate(0, bytes);
}
