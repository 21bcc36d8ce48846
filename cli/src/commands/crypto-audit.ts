import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parse.js';

/** The repository root, from this file's place (cli/dist/src/commands/). */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The ACVP vectors beside the repository: ../shared/vectors/acvp. */
export const DEFAULT_VECTORS = path.resolve(REPO_ROOT, '../shared/vectors/acvp');

/** `knhk crypto audit`: the NIST compliance checker of the crypto plugin. */
export const cryptoAuditCommand: Command = {
  words: ['crypto', 'audit'],
  usage: 'knhk crypto audit [--vectors DIR] [--json]',
  summary: 'check ML-KEM and ML-DSA against NIST ACVP vectors, with self-tests; exits 1 when anything fails',
  async run(input) {
    const { values } = parseCommandArgs(
      'crypto audit',
      input.args,
      { json: { type: 'boolean' }, vectors: { type: 'string' } },
      { min: 0, max: 0 },
    );
    const vectorsDir = path.resolve(input.cwd, values.vectors ?? input.env.KNHK_VECTORS ?? DEFAULT_VECTORS);
    // Imported here, so that other commands do not load the crypto libraries.
    const { runFullAudit, formatAudit } = await import('@knhk/plugin-crypto');
    const report = runFullAudit({ vectorsDir });
    input.output.out(values.json ? JSON.stringify(report, null, 2) : formatAudit(report));
    return report.ok ? 0 : 1;
  },
};
