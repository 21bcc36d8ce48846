/**
 * Run by system-packages.test.ts in a child mocha, never by the root spec globs: one suite
 * whose system package is present (this file exists) and one whose package cannot be
 * (its probe names a file that does not exist).
 */
import { fileURLToPath } from 'node:url';
import { describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';

const present = { name: 'present-pkg', provides: 'this file', probe: { file: fileURLToPath(import.meta.url) } };
const absent = { name: 'absent-pkg', provides: 'nothing', probe: { file: '/nonexistent/knhk/absent-pkg.marker' } };

describeWithSystemPackages('suite with its package', [present], () => {
  it('runs', () => {});
});

describeWithSystemPackages('suite without its package', [present, absent], () => {
  it('never runs', () => {
    throw new Error('a suite whose package is missing ran');
  });
});
