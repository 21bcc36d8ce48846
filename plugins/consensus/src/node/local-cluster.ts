/**
 * A cluster of real node processes on loopback, for tests and benchmarks: each member is its
 * own `node` process running `node-main.js` (the same options as `knhk consensus node`) with
 * its own data directory under one folder, free ports, and a random cluster key. Members can
 * be killed (SIGKILL: no chance to flush anything) and restarted from their data directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KvClient } from './kv-client.js';
import type { RaftNodeStatus } from './raft-node.js';
import { consensusError } from '../errors.js';

/** Options of {@link LocalCluster.launch}. */
export interface LocalClusterOptions {
  /** Members (default 3). */
  readonly size?: number;
  /** Folder for the data directories and the key (must exist). */
  readonly dir: string;
  readonly tickMs?: number;
  readonly electionTicks?: number;
  readonly snapshotEntries?: number;
  /** How long a member may take to print `ready` (default 15,000 ms). */
  readonly startTimeoutMs?: number;
  /** Extra flags of the members' `node` (e.g. `--cpu-prof` to profile them). */
  readonly execArgv?: readonly string[];
}

interface Member {
  readonly id: string;
  readonly peerPort: number;
  readonly clientPort: number;
  process: ChildProcess | undefined;
  stderr: string;
}

const ENTRY = fileURLToPath(new URL('./node-main.js', import.meta.url));
const STDERR_KEPT_CHARS = 16_384;

/** Free loopback ports (bound and released; another program could take one in between, rarely). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Real node processes on 127.0.0.1. */
export class LocalCluster {
  private constructor(
    private readonly options: LocalClusterOptions,
    private readonly members: Member[],
    private readonly keyFile: string,
  ) {}

  /** Starts every member and waits until each prints `ready`. */
  static async launch(options: LocalClusterOptions): Promise<LocalCluster> {
    const size = options.size ?? 3;
    if (!Number.isSafeInteger(size) || size < 1 || size > 9) {
      throw consensusError('KNHK_E_CONSENSUS_CONFIG', `a local cluster has 1 to 9 members, got ${size}`);
    }
    const ports = await freePorts(2 * size);
    const members = Array.from({ length: size }, (_, i) => ({
      id: `n${i + 1}`,
      peerPort: ports[2 * i],
      clientPort: ports[2 * i + 1],
      process: undefined,
      stderr: '',
    }));
    const keyFile = path.join(options.dir, 'cluster.key');
    writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
    const cluster = new LocalCluster(options, members, keyFile);
    try {
      await Promise.all(members.map((m) => cluster.start(m.id)));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** The members' ids. */
  ids(): string[] {
    return this.members.map((m) => m.id);
  }

  /** Every member's client API address, in id order. */
  endpoints(): string[] {
    return this.members.map((m) => this.endpoint(m.id));
  }

  endpoint(id: string): string {
    return `http://127.0.0.1:${this.member(id).clientPort}`;
  }

  /** Election timeout range of every member, in ms. */
  electionTimeoutMs(): { min: number; max: number } {
    const min = (this.options.tickMs ?? 50) * (this.options.electionTicks ?? 10);
    return { min, max: 2 * min };
  }

  /** What a member printed on stderr (the last 16 KiB), for failure messages. */
  stderr(id: string): string {
    return this.member(id).stderr;
  }

  /** True while a member's process runs. */
  running(id: string): boolean {
    const p = this.member(id).process;
    return p !== undefined && p.exitCode === null && p.signalCode === null;
  }

  private member(id: string): Member {
    const member = this.members.find((m) => m.id === id);
    if (member === undefined) throw consensusError('KNHK_E_CONSENSUS_CONFIG', `no member ${id}`);
    return member;
  }

  private args(member: Member): string[] {
    const peers = this.members.map((m) => `${m.id}=127.0.0.1:${m.peerPort}`).join(',');
    const urls = this.members.map((m) => `${m.id}=${this.endpoint(m.id)}`).join(',');
    const { tickMs, electionTicks, snapshotEntries } = this.options;
    return [
      ...['--id', member.id, '--peers', peers, '--client-urls', urls],
      ...['--client-port', String(member.clientPort), '--data-dir', path.join(this.options.dir, member.id)],
      ...['--key-file', this.keyFile],
      ...(tickMs === undefined ? [] : ['--tick-ms', String(tickMs)]),
      ...(electionTicks === undefined ? [] : ['--election-ticks', String(electionTicks)]),
      ...(snapshotEntries === undefined ? [] : ['--snapshot-entries', String(snapshotEntries)]),
    ];
  }

  /** Starts a member (again, from its data directory) and waits for `ready`. */
  start(id: string): Promise<void> {
    const member = this.member(id);
    if (this.running(id)) throw consensusError('KNHK_E_CONSENSUS_CONFIG', `member ${id} is already running`);
    const child = spawn(process.execPath, [...(this.options.execArgv ?? []), ENTRY, ...this.args(member)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    member.process = child;
    member.stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      member.stderr = (member.stderr + text).slice(-STDERR_KEPT_CHARS);
    });
    const timeoutMs = this.options.startTimeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => fail(`no "ready" within ${timeoutMs} ms`), timeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(consensusError('KNHK_E_CONSENSUS_STOPPED', `member ${id} did not start: ${why}\n${member.stderr}`));
      };
      const onData = (text: string) => {
        out += text;
        if (!out.includes('ready ')) return;
        clearTimeout(timer);
        child.stdout!.off('data', onData).resume(); // keep draining, without keeping what follows
        resolve();
      };
      child.stdout!.setEncoding('utf8').on('data', onData);
      child.once('exit', (code, signal) => fail(`exited (${code ?? signal})`));
    });
  }

  /** Sends `signal` to a member and waits for its process to end. */
  async kill(id: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.member(id).process;
    if (child === undefined || !this.running(id)) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** The statuses of the running members (unanswered ones left out). */
  async statuses(): Promise<RaftNodeStatus[]> {
    const client = new KvClient({ endpoints: this.endpoints(), requestTimeoutMs: 1_000 });
    try {
      const running = this.members.filter((m) => this.running(m.id));
      const answers = await Promise.all(running.map((m) => client.status(this.endpoint(m.id)).catch(() => undefined)));
      return answers.filter((s): s is RaftNodeStatus => s !== undefined);
    } finally {
      client.close();
    }
  }

  /** Waits until a running member is leader with a term above `aboveTerm`; resolves with its status. */
  async waitForLeader(timeoutMs: number, aboveTerm = 0): Promise<RaftNodeStatus> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const leader = (await this.statuses()).find((s) => s.role === 'leader' && s.term > aboveTerm);
      if (leader !== undefined) return leader;
      await sleep(10);
    }
    throw consensusError('KNHK_E_CONSENSUS_TIMEOUT', `no leader above term ${aboveTerm} within ${timeoutMs} ms`);
  }

  /** Stops every member (SIGTERM, then SIGKILL after 5 s). */
  async stop(): Promise<void> {
    await Promise.all(
      this.members.map(async (m) => {
        const child = m.process;
        if (child === undefined || !this.running(m.id)) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
