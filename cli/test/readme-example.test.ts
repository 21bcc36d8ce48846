import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

describe("the README's programmatic example", () => {
  it('runs as printed and prints what its comments say', () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it from code'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code, 'a ts block under "Use it from code"').to.be.a('string');
    // The example has no type annotations, so it runs as JavaScript; it sits in the repo so @knhk/core resolves.
    const file = fileURLToPath(new URL('./readme-example.mjs', import.meta.url));
    writeFileSync(file, code as string);
    const cache = mkdtempSync(path.join(os.tmpdir(), 'knhk-example-'));
    try {
      const output = execFileSync(process.execPath, [file], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, KNHK_WISDOM: path.join(cache, 'w.json') },
      });
      const lines = output.split('\n');
      expect(lines[0]).to.equal('261888');
      // The best backend installed here is chosen, and cpu is always in the fallback order.
      const chosen = /chosen: '([\w-]+)'/.exec(output)?.[1];
      const order = /order: \[([^\]]*)\]/.exec(output)?.[1] ?? '';
      expect(order.trim().startsWith(`'${chosen}'`), `${chosen} first in [${order}]`).to.equal(true);
      expect(order).to.include("'cpu'");
      expect(output.trimEnd().endsWith('[]')).to.equal(true);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
