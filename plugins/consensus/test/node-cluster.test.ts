/**
 * Three real node processes on loopback under concurrent client load: kill -9 the leader,
 * expect a new one within two election timeouts, restart the killed node from its data
 * directory, then check that every acknowledged write is on every node and that the recorded
 * history is linearizable.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isKnhkError } from '@knhk/core';
import { KvClient, LocalCluster, checkLinearizability, type KvOperation } from '../src/index.js';

const TICK_MS = 50;
const ELECTION_TICKS = 10;
const CLIENTS = 4;
const SHARED_KEYS = ['r0', 'r1', 'r2'];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the clients recorded: the history of the shared keys, and the acknowledged unique writes. */
interface Recorded {
  readonly history: KvOperation[];
  readonly acked: Map<string, string>;
  readonly counts: { ok: number; fail: number; info: number };
}

/** One client: puts, deletes and gets on the shared keys and puts of unique keys, until `stop.done`. */
async function clientLoop(client: KvClient, id: number, recorded: Recorded, stop: { done: boolean }): Promise<void> {
  for (let n = 0; !stop.done; n++) {
    const choice = (n * 7 + id * 3) % 10;
    const key = SHARED_KEYS[(n + id) % SHARED_KEYS.length];
    const callMs = performance.now();
    if (choice < 2) {
      const unique = `u-${id}-${n}`;
      try {
        await client.put(unique, `v-${id}-${n}`);
        recorded.acked.set(unique, `v-${id}-${n}`);
        recorded.counts.ok++;
      } catch (error) {
        if (!isKnhkError(error)) throw error;
        recorded.counts[isKnhkError(error, 'KNHK_E_CONSENSUS_OUTCOME_UNKNOWN') ? 'info' : 'fail']++;
      }
      continue;
    }
    const kind = choice < 6 ? 'put' : choice < 7 ? 'delete' : 'get';
    const value = kind === 'put' ? `c${id}-${n}` : null;
    try {
      let read: string | null = null;
      if (kind === 'put') await client.put(key, value!);
      else if (kind === 'delete') await client.delete(key);
      else read = (await client.get(key)).value;
      const op = { client: id, kind: kind === 'get' ? 'get' : 'put', key, callMs, returnMs: performance.now() };
      recorded.history.push({ ...op, value: kind === 'get' ? read : value } as KvOperation);
      recorded.counts.ok++;
    } catch (error) {
      if (!isKnhkError(error)) throw error;
      if (kind !== 'get' && isKnhkError(error, 'KNHK_E_CONSENSUS_OUTCOME_UNKNOWN')) {
        // May or may not have taken effect: open-ended in the history.
        recorded.history.push({ client: id, kind: 'put', key, value, callMs, returnMs: Infinity });
        recorded.counts.info++;
      } else recorded.counts.fail++; // certainly without effect
    }
  }
}

describe('consensus node: a 3-process cluster on loopback', function () {
  this.timeout(60_000);
  let dir: string;
  let cluster: LocalCluster | undefined;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-cluster-test-'));
    cluster = await LocalCluster.launch({ dir, tickMs: TICK_MS, electionTicks: ELECTION_TICKS, snapshotEntries: 300 });
  });

  after(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a follower refuses a write with 421 and the leader client address, and the client follows it', async () => {
    const c = cluster!;
    const leader = await c.waitForLeader(10_000);
    const follower = c.ids().find((id) => id !== leader.id)!;
    const res = await fetch(`${c.endpoint(follower)}/v1/kv/x`, { method: 'PUT', body: JSON.stringify({ value: '1' }) });
    expect(res.status).to.equal(421);
    const body = (await res.json()) as { error: { code: string; leader: string; leaderUrl: string } };
    expect(body.error).to.include({ code: 'KNHK_E_CONSENSUS_NOT_LEADER', leader: leader.id });
    expect(body.error.leaderUrl).to.equal(c.endpoint(leader.id));
    const bad = await fetch(`${c.endpoint(leader.id)}/v1/kv/x`, { method: 'PUT', body: '{"value": 7}' });
    expect([bad.status, ((await bad.json()) as { error: { code: string } }).error.code]).to.deep.equal([
      400,
      'KNHK_E_CONSENSUS_BAD_REQUEST',
    ]);
    const client = new KvClient({ endpoints: [c.endpoint(follower)] });
    try {
      expect((await client.put('x', 'via redirect')).index).to.be.above(0);
      expect(client.knownLeader()).to.equal(c.endpoint(leader.id));
      expect((await client.get('x')).value).to.equal('via redirect');
    } finally {
      client.close();
    }
  });

  it('survives kill -9 of the leader under load: new leader in time, no acknowledged write lost, linearizable', async () => {
    const c = cluster!;
    const electionMaxMs = c.electionTimeoutMs().max;
    const first = await c.waitForLeader(10_000);
    const recorded: Recorded = { history: [], acked: new Map(), counts: { ok: 0, fail: 0, info: 0 } };
    const stop = { done: false };
    const clients = Array.from(
      { length: CLIENTS },
      () => new KvClient({ endpoints: c.endpoints(), operationTimeoutMs: 8_000 }),
    );
    const loops = clients.map((client, i) => clientLoop(client, i, recorded, stop));
    try {
      await sleep(1_500);
      const killedAt = performance.now();
      await c.kill(first.id, 'SIGKILL');
      const second = await c.waitForLeader(10_000, first.term);
      const electedMs = performance.now() - killedAt;
      expect(second.id).to.not.equal(first.id);
      expect(electedMs, `new leader after ${electedMs.toFixed(0)} ms`).to.be.below(2 * electionMaxMs);
      await sleep(1_000);
      await c.start(first.id); // restart from its data directory
      await sleep(1_500);
    } finally {
      stop.done = true;
      await Promise.all(loops);
    }
    expect(recorded.counts.ok, JSON.stringify(recorded.counts)).to.be.above(50);

    // Every node converges on the same state, which holds every acknowledged write.
    const reader = clients[0];
    let states: { pairs: [string, string][]; index: number }[] = [];
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline) {
      const leader = await c.waitForLeader(5_000);
      states = await Promise.all(c.ids().map((id) => reader.list({ consistency: 'local', endpoint: c.endpoint(id) })));
      if (states.every((s) => s.index >= leader.commitIndex && s.index === states[0].index)) break;
      await sleep(50);
    }
    for (const [i, state] of states.entries()) {
      expect(state.index, `node n${i + 1} applied index`).to.equal(states[0].index);
      expect(state.pairs, `node n${i + 1} state`).to.deep.equal(states[0].pairs);
      const map = new Map(state.pairs);
      for (const [key, value] of recorded.acked) expect(map.get(key), `n${i + 1}: ${key}`).to.equal(value);
    }
    const restarted = (await c.statuses()).find((s) => s.id === first.id)!;
    expect(restarted.snapshotIndex, 'the restarted node has compacted its log').to.be.above(0);

    // The final reads join the history: every node's final value must be linearizable after it.
    const endMs = performance.now();
    for (const key of SHARED_KEYS) {
      const value = states[0].pairs.find(([k]) => k === key)?.[1] ?? null;
      recorded.history.push({ client: 99, kind: 'get', key, value, callMs: endMs, returnMs: endMs + 1 });
    }
    const check = checkLinearizability(recorded.history, { maxSteps: 5_000_000 });
    expect(check.result, `${JSON.stringify(check)} ${JSON.stringify(recorded.counts)}`).to.equal('ok');
    for (const client of clients) client.close();
  });
});
