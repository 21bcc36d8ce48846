/**
 * A 3-member etcd cluster on loopback for the consensus benchmark: `/usr/bin/etcd` (3.4,
 * Debian's etcd-server) as separate processes, each with its own temporary data directory and
 * free ports, started with a fresh cluster token. Missing etcd is reported, never faked.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Where etcd is expected (Debian's etcd-server). */
export const ETCD_BINARY = process.env.KNHK_ETCD ?? '/usr/bin/etcd';

interface EtcdMember {
  readonly name: string;
  readonly clientPort: number;
  readonly peerPort: number;
  process: ChildProcess | undefined;
  stderr: string;
}

async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  for (let i = 0; i < count; i++) {
    servers.push(
      await new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      }),
    );
  }
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A running etcd cluster. */
export class EtcdCluster {
  private constructor(private readonly members: EtcdMember[]) {}

  /** Why etcd cannot run here, or undefined when it can. */
  static unavailableReason(): string | undefined {
    if (!existsSync(ETCD_BINARY)) return `${ETCD_BINARY} not found: install etcd-server (apt-get install etcd-server)`;
    return undefined;
  }

  /** Starts `size` members under `dir` and waits until each is healthy and a leader is elected. */
  static async launch(dir: string, size = 3): Promise<EtcdCluster> {
    const ports = await freePorts(2 * size);
    const members: EtcdMember[] = Array.from({ length: size }, (_, i) => ({
      name: `e${i + 1}`,
      clientPort: ports[2 * i],
      peerPort: ports[2 * i + 1],
      process: undefined,
      stderr: '',
    }));
    const initial = members.map((m) => `${m.name}=http://127.0.0.1:${m.peerPort}`).join(',');
    const token = `knhk-bench-${process.pid}-${Date.now()}`; // one token for every member
    for (const m of members) {
      const data = path.join(dir, m.name);
      mkdirSync(data, { recursive: true, mode: 0o700 });
      const args = [
        ...['--name', m.name, '--data-dir', data],
        ...['--listen-client-urls', `http://127.0.0.1:${m.clientPort}`],
        ...['--advertise-client-urls', `http://127.0.0.1:${m.clientPort}`],
        ...['--listen-peer-urls', `http://127.0.0.1:${m.peerPort}`],
        ...['--initial-advertise-peer-urls', `http://127.0.0.1:${m.peerPort}`],
        ...['--initial-cluster', initial, '--initial-cluster-state', 'new'],
        ...['--initial-cluster-token', token],
        ...['--logger', 'zap', '--log-level', 'error'],
      ];
      const child = spawn(ETCD_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr!.setEncoding('utf8').on('data', (t: string) => (m.stderr = (m.stderr + t).slice(-8192)));
      m.process = child;
    }
    const cluster = new EtcdCluster(members);
    try {
      await cluster.waitForLeader(30_000);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  endpoints(): string[] {
    return this.members.map((m) => `http://127.0.0.1:${m.clientPort}`);
  }

  /** The leader's client endpoint (via the v3 gateway's maintenance status). */
  async leaderEndpoint(): Promise<string | undefined> {
    for (const endpoint of this.endpoints()) {
      try {
        const res = await fetch(`${endpoint}/v3/maintenance/status`, {
          method: 'POST',
          body: '{}',
          signal: AbortSignal.timeout(1_000),
        });
        const body = (await res.json()) as { header?: { member_id?: string }; leader?: string };
        if (body.leader !== undefined && body.header?.member_id === body.leader) return endpoint;
      } catch {
        // not up yet
      }
    }
    return undefined;
  }

  private async waitForLeader(timeoutMs: number): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const dead = this.members.find((m) => m.process?.exitCode !== null && m.process?.exitCode !== undefined);
      if (dead !== undefined) throw new Error(`etcd ${dead.name} exited: ${dead.stderr}`);
      const leader = await this.leaderEndpoint();
      if (leader !== undefined) return leader;
      await sleep(100);
    }
    const logs = this.members.map((m) => `${m.name}: ${m.stderr.slice(-1000)}`).join('\n');
    throw new Error(`etcd elected no leader within ${timeoutMs} ms:\n${logs}`);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.members.map(async (m) => {
        const child = m.process;
        if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
