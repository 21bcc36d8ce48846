import { expect } from 'chai';
import {
  ByteReader,
  ByteWriter,
  SEGMENT_HEADER_BYTES,
  type WalRecord,
  crc32c,
  crc32cUpdate,
  decodeSnapshotFile,
  encodeRecord,
  encodeSegmentHeader,
  encodeSnapshotFile,
  scanSegment,
  segmentName,
  parseSegmentName,
  snapshotName,
  parseSnapshotName,
} from '../src/index.js';
import { entry } from './storage-fixtures.js';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('consensus storage: CRC-32C and the record format', () => {
  it('CRC-32C matches the known-answer vectors (RFC 3720 B.4 and the check value)', () => {
    expect(crc32c(ascii('123456789'))).to.equal(0xe3069283);
    expect(crc32c(new Uint8Array(32))).to.equal(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).to.equal(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).to.equal(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).to.equal(0x113fdb5c);
    expect(crc32c(new Uint8Array())).to.equal(0);
  });

  it('CRC-32C in pieces equals CRC-32C of the whole, at every split point', () => {
    const bytes = Uint8Array.from({ length: 67 }, (_, i) => (i * 37 + 11) & 0xff);
    const whole = crc32c(bytes);
    for (let split = 0; split <= bytes.length; split++) {
      expect(crc32cUpdate(crc32cUpdate(0, bytes, 0, split), bytes, split)).to.equal(whole);
    }
  });

  it('names segments and snapshots so that they sort by seq and index', () => {
    expect(segmentName(10)).to.equal('wal-000000000000000a.log');
    expect(parseSegmentName(segmentName(123456789))).to.equal(123456789);
    expect(parseSegmentName('wal-1.log')).to.equal(undefined);
    expect(parseSnapshotName(snapshotName({ index: 77, term: 3 }))).to.deep.equal({ index: 77, term: 3 });
    expect(parseSnapshotName('snap-1-2.snap.tmp')).to.equal(undefined);
  });

  it('scans back the records it framed, and finds each of them at its offset', () => {
    const records: WalRecord[] = [
      {
        kind: 'state',
        hardState: { term: 0, vote: undefined, commit: 0 },
        snapshot: { index: 4, term: 2 },
        install: true,
      },
      { kind: 'entry', entry: entry(5, 2, 0, { type: 'remove', node: 'n2' }) },
      { kind: 'hardState', hardState: { term: 3, vote: 'n1', commit: 5 } },
    ];
    const parts = [encodeSegmentHeader(0), ...records.map(encodeRecord)];
    const bytes = Buffer.concat(parts);
    const scan = scanSegment(bytes, false);
    expect(scan.records.map((r) => r.record)).to.deep.equal(records);
    expect(scan.records[0].offset).to.equal(SEGMENT_HEADER_BYTES);
    expect(scan.validBytes).to.equal(bytes.length);
    expect(scan.tornReason).to.equal(undefined);
  });

  it('snapshot files round-trip and reject a flipped bit or a name that does not match', () => {
    const snapshot = { index: 9, term: 4, voters: ['a', 'b'], data: new Uint8Array([1, 2, 3]) };
    const bytes = encodeSnapshotFile(snapshot);
    expect(decodeSnapshotFile(bytes, { index: 9, term: 4 })).to.deep.equal(snapshot);
    expect(() => decodeSnapshotFile(bytes, { index: 9, term: 5 })).to.throw(/name says/);
    for (let i = 0; i < bytes.length; i++) {
      const bad = bytes.slice();
      bad[i] ^= 0x10;
      expect(() => decodeSnapshotFile(bad, { index: 9, term: 4 }), `byte ${i}`).to.throw();
    }
  });

  it('binary writing refuses values that do not fit instead of wrapping, and reading checks every bound', () => {
    expect(() => new ByteWriter().u8(256)).to.throw(RangeError);
    expect(() => new ByteWriter().u32(2 ** 32)).to.throw(RangeError);
    expect(() => new ByteWriter().u32(-1)).to.throw(RangeError);
    expect(() => new ByteWriter().u64(2 ** 53)).to.throw(RangeError);
    expect(() => new ByteWriter().u64(1.5)).to.throw(RangeError);
    const bytes = new ByteWriter(1)
      .u64(2 ** 53 - 1)
      .str('ü')
      .bytes(new Uint8Array([1, 2]))
      .finish();
    const r = new ByteReader(bytes);
    expect([r.u64(), r.str(), [...r.bytes()]]).to.deep.equal([2 ** 53 - 1, 'ü', [1, 2]]);
    r.end();
    expect(() => new ByteReader(new Uint8Array([0, 0, 0, 0, 0, 0, 0x20, 0])).u64()).to.throw(/safe integer/);
    expect(() => new ByteReader(new Uint8Array([2, 0, 0xff, 0xfe])).str()).to.throw(/UTF-8/);
    expect(() => new ByteReader(new Uint8Array([9, 0, 0, 0, 1])).bytes()).to.throw(/needs 9 bytes/);
  });
});
