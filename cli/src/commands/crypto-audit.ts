import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCommand } from '../command.js';
import { jsonOption } from '../parse.js';

/** The repository root, from this file's place (cli/dist/src/commands/). */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The ACVP vectors in the repository: plugins/crypto/vectors/acvp (see its README for provenance and pins). */
export const DEFAULT_VECTORS = path.resolve(REPO_ROOT, 'plugins/crypto/vectors/acvp');

/** `knhk crypto audit`: the NIST compliance checker of the crypto plugin. */
export const cryptoAuditCommand = defineCommand({
  words: ['crypto', 'audit'],
  summary: 'check ML-KEM and ML-DSA against NIST ACVP vectors, with self-tests; exits 1 when anything fails',
  options: {
    vectors: {
      type: 'string',
      value: 'DIR',
      description: 'the ACVP vector sets (default: $KNHK_VECTORS, else plugins/crypto/vectors/acvp of the repository)',
    },
    json: jsonOption('the audit report (every set with its counts, and the self-tests)'),
  },
  examples: ['knhk crypto audit', 'knhk crypto audit --vectors ./acvp --json'],
  async run({ values }, input) {
    const vectorsDir = path.resolve(input.cwd, values.vectors ?? input.env.KNHK_VECTORS ?? DEFAULT_VECTORS);
    // Imported here, so that other commands do not load the crypto libraries.
    const { runFullAudit, formatAudit } = await import('@knhk/plugin-crypto');
    const report = runFullAudit({ vectorsDir });
    input.output.out(values.json ? JSON.stringify(report, null, 2) : formatAudit(report));
    return report.ok ? 0 : 1;
  },
});
