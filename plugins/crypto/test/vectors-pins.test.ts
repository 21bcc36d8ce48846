/**
 * The vectors in plugins/crypto/vectors are the published files: every file is listed in
 * SHA256SUMS with its digest, and every listed file has it, so an edit or a missing file fails.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { VECTORS } from './vectors-dir.js';

/** The files under `dir`, relative to it, with `/` separators. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
  });
}

describe('@knhk/plugin-crypto: the vectors are the pinned files', () => {
  const pins = new Map(
    readFileSync(path.join(VECTORS, 'SHA256SUMS'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [digest, file] = line.split(/\s+/);
        return [file, digest] as const;
      }),
  );

  it('pins every vector file, and nothing else is there but README.md and SHA256SUMS', () => {
    const files = filesUnder(VECTORS).filter((f) => f !== 'README.md' && f !== 'SHA256SUMS');
    expect(files.sort()).to.deep.equal([...pins.keys()].sort());
    expect(files).to.include.members(['acvp/ML-KEM-keyGen-FIPS203/prompt.json.gz', 'rfc8032/ed25519.json.gz']);
  });

  it('every file has its pinned SHA-256', () => {
    for (const [file, digest] of pins) {
      const actual = createHash('sha256')
        .update(readFileSync(path.join(VECTORS, file)))
        .digest('hex');
      expect(actual, file).to.equal(digest);
    }
  });
});
