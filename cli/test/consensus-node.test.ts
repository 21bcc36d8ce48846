import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './run-cli.js';

const BIN = fileURLToPath(new URL('../../bin/knhk.js', import.meta.url));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('knhk consensus node and its client commands', function () {
  this.timeout(60_000);
  let dir: string;
  let node: ChildProcess | undefined;
  let stderr = '';
  let endpoint: string;

  let args: string[];

  async function startNode(): Promise<void> {
    stderr = '';
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    node = child;
    child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (t: string) => {
        out += t;
        if (out.includes('ready ')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`node exited ${code}: ${stderr}`)));
    });
  }

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-cli-node-'));
    const [peerPort, clientPort] = [await freePort(), await freePort()];
    endpoint = `http://127.0.0.1:${clientPort}`;
    args = ['consensus', 'node', '--id', 'n1', '--peers', `n1=127.0.0.1:${peerPort}`];
    args.push('--client-port', String(clientPort), '--data-dir', path.join(dir, 'n1'), '--tick-ms', '20');
    await startNode();
  });

  after(async () => {
    if (node !== undefined && node.exitCode === null) {
      const exited = new Promise((resolve) => node!.once('exit', resolve));
      node.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns loudly when it runs on the built-in development key', () => {
    expect(stderr).to.contain('WARNING').and.to.contain('DEVELOPMENT cluster key');
  });

  it('puts, gets, deletes and reports status through --endpoints', async () => {
    const at = ['--endpoints', endpoint];
    let r = await runCli(['consensus', 'put', 'greeting', 'hello world', ...at]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^OK \(index \d+\)$/);
    r = await runCli(['consensus', 'get', 'greeting', ...at]);
    expect([r.code, r.stdout]).to.deep.equal([0, 'hello world']);
    r = await runCli(['consensus', 'get', 'greeting', '--json', '--consistency', 'local', ...at]);
    expect(JSON.parse(r.stdout)).to.include({ key: 'greeting', value: 'hello world' });
    r = await runCli(['consensus', 'status', '--json', ...at]);
    expect(r.code).to.equal(0);
    const { nodes } = JSON.parse(r.stdout) as { nodes: { status: { id: string; role: string } }[] };
    expect(nodes[0].status).to.include({ id: 'n1', role: 'leader' });
    r = await runCli(['consensus', 'delete', 'greeting', ...at]);
    expect([r.code, r.stdout.split(' ')[0]]).to.deep.equal([0, 'deleted']);
    r = await runCli(['consensus', 'get', 'greeting', ...at]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('absent');
  });

  it('refuses bad arguments as usage errors with the usage line', async () => {
    let r = await runCli(['consensus', 'node', '--id', 'n1']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('--peers').and.to.contain('usage: knhk consensus node');
    r = await runCli(['consensus', 'node', '--id', 'n2', '--peers', 'n1=127.0.0.1:1']);
    expect(r.code).to.equal(2);
    expect((await runCli(['consensus', 'put', 'only-key'])).code).to.equal(2);
    expect((await runCli(['consensus', 'get', 'k', '--endpoints', 'not a url'])).code).to.equal(2);
    expect((await runCli(['consensus', 'get', 'k', '--consistency', 'stale'])).code).to.equal(2);
    expect((await runCli(['consensus', 'node', '--help'])).code).to.equal(0);
  });

  it('fails with KNHK_E_CONSENSUS_UNREACHABLE when no endpoint answers', async () => {
    const port = await freePort();
    const r = await runCli([
      'consensus',
      'put',
      'k',
      'v',
      '--endpoints',
      `http://127.0.0.1:${port}`,
      '--timeout-ms',
      '300',
    ]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('KNHK_E_CONSENSUS_UNREACHABLE');
  });

  it('stops on SIGTERM with status 0 and restarts from its data directory', async () => {
    const at = ['--endpoints', endpoint];
    expect((await runCli(['consensus', 'put', 'kept', 'across restarts', ...at])).code).to.equal(0);
    const exited = new Promise<number | null>((resolve) => node!.once('exit', (code) => resolve(code)));
    node!.kill('SIGTERM');
    expect(await exited).to.equal(0);
    await startNode();
    const r = await runCli(['consensus', 'get', 'kept', ...at]);
    expect([r.code, r.stdout], r.stderr).to.deep.equal([0, 'across restarts']);
  });
});
