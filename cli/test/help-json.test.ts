import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasJsonOutput } from '../src/command.js';
import { COMMANDS, GROUPS } from '../src/main.js';
import { runCli } from './run-cli.js';

describe('every knhk command answers --help and --json', () => {
  let dir: string;
  let env: Record<string, string>;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-help-'));
    env = { HOME: dir, KNHK_WISDOM: path.join(dir, 'w.json'), KNHK_ENDPOINTS: 'http://127.0.0.1:1' };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--help, -h and `knhk help <words>` print the usage naming the command, exit 0, and write nothing', async () => {
    for (const c of COMMANDS) {
      const name = ['knhk', ...c.words].join(' ');
      expect(c.examples.length, name).to.be.greaterThan(0);
      for (const args of [
        [...c.words, '--help'],
        [...c.words, '-h'],
        ['help', ...c.words],
      ]) {
        const r = await runCli(args, { env, cwd: dir });
        expect(r.code, args.join(' ')).to.equal(0);
        expect(r.stdout, args.join(' ')).to.include(`usage: ${name}`);
        for (const option of Object.keys(c.options)) expect(r.stdout, name).to.include(`--${option}`);
      }
    }
    for (const g of GROUPS) {
      const r = await runCli([...g.words, '--help'], { env, cwd: dir });
      expect(r.code, g.words.join(' ')).to.equal(0);
      expect(r.stdout).to.include(`knhk ${g.words.join(' ')} `);
    }
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it('every command declaring JSON output accepts --json, and its errors are JSON on stdout', async () => {
    for (const c of COMMANDS.filter(hasJsonOutput)) {
      const r = await runCli([...c.words, '--json', '--not-an-option'], { env, cwd: dir });
      expect(r.code, c.words.join(' ')).to.equal(2);
      const { error } = JSON.parse(r.stdout) as { error: { code: string; message: string } };
      expect(error.code).to.equal('KNHK_E_CLI_USAGE');
      expect(error.message).to.include("'--not-an-option'").and.not.include("'--json'");
    }
  });

  it('unknown commands are usage errors naming the help to run', async () => {
    const r = await runCli(['market', 'teleport'], { env, cwd: dir });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include('knhk help market');
  });

  it('plugin check --json prints JSON when the plugin cannot be found', async () => {
    const r = await runCli(['plugin', 'check', dir, '--json'], { env, cwd: dir });
    expect(r.code).to.equal(1);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      stage: string;
      checked: { dir: string };
      error: { code: string };
    };
    expect(report).to.deep.include({ ok: false, stage: 'find' });
    expect(report.error.code).to.equal('KNHK_E_PLUGIN_LOAD_FAILED');
  });
});
