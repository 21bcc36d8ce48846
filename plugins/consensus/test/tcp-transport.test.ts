import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { type Socket, createConnection, createServer } from 'node:net';
import { isKnhkError } from '@knhk/core';
import {
  FrameSplitter,
  type HandshakeParams,
  type Message,
  TcpTransport,
  type TcpTransportOptions,
  authMac,
  backoffDelayMs,
  decodeChallenge,
  encodeAuth,
  encodeMessage,
  encodeMessageFrame,
  frame,
  newNonce,
  sessionKey,
} from '../src/index.js';
import { SendQueue } from '../src/transport/send-queue.js';

const HOST = '127.0.0.1';
const key = randomBytes(32);

function transport(id: string, options: Partial<TcpTransportOptions> = {}): TcpTransport {
  return new TcpTransport({
    id,
    listen: { host: HOST, port: 0 },
    peers: {},
    key,
    backoffMsMin: 10,
    backoffMsMax: 100,
    ...options,
  });
}

/** Resolves once `check` holds, polling every 10 ms; rejects after `ms`. */
async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const heartbeat = (from: string, to: string, seq: number): Message => ({
  type: 'heartbeat',
  from,
  to,
  term: 1,
  commit: 0,
  seq,
});

/** Receives into a list. */
function inbox(t: TcpTransport): Message[] {
  const got: Message[] = [];
  t.onMessage((m) => got.push(m));
  return got;
}

/**
 * A hand-driven dialer built from the transport's own handshake pieces: it lets a test send
 * what a buggy or hostile peer would (bad frames after authenticating, replays, spoofed senders).
 */
class RawPeer {
  readonly socket: Socket;
  readonly received: Buffer[] = [];
  private readonly splitter = new FrameSplitter(1 << 20);
  params: HandshakeParams | undefined;
  session: Uint8Array | undefined;
  closed = false;

  constructor(port: number) {
    this.socket = createConnection({ host: HOST, port });
    this.socket.on('data', (chunk: Buffer) => this.received.push(...this.splitter.push(chunk).frames));
    this.socket.on('close', () => (this.closed = true));
    this.socket.on('error', () => {});
  }

  /** Completes the handshake as `from` with `withKey`, waiting for the challenge and (when the key is right) the accept. */
  async authenticate(from: string, to: string, withKey: Uint8Array, expectAccept = true): Promise<void> {
    await until(() => this.received.length >= 1, 'the challenge');
    const { acceptorNonce } = decodeChallenge(this.received[0]);
    this.params = { from, to, acceptorNonce, dialerNonce: newNonce() };
    this.socket.write(frame(encodeAuth(this.params, authMac(withKey, this.params))));
    this.session = sessionKey(withKey, this.params);
    if (expectAccept) await until(() => this.received.length >= 2, 'the accept');
  }

  /** The bytes of message frame `seq` carrying `message`. */
  messageFrame(seq: number, message: Uint8Array): Buffer {
    return frame(encodeMessageFrame(this.session!, seq, message));
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

describe('consensus transport: TcpTransport over loopback', function () {
  this.timeout(20000);
  const open: TcpTransport[] = [];
  const track = (t: TcpTransport) => (open.push(t), t);
  afterEach(async () => {
    await Promise.all(open.map((t) => t.close()));
    open.length = 0;
  });

  /** Three started transports that know each other. */
  async function trio(): Promise<{ ts: TcpTransport[]; inboxes: Message[][]; ports: number[] }> {
    const ts = ['a', 'b', 'c'].map((id) => track(transport(id)));
    const inboxes = ts.map(inbox);
    const addresses = await Promise.all(ts.map((t) => t.start()));
    ts.forEach((t, i) => ts.forEach((_, j) => i !== j && t.setPeer(['a', 'b', 'c'][j], addresses[j])));
    return { ts, inboxes, ports: addresses.map((a) => a.port) };
  }

  it('delivers messages between 3 transports, in order, and counts them', async () => {
    const { ts, inboxes } = await trio();
    const ids = ['a', 'b', 'c'];
    for (let seq = 1; seq <= 50; seq++) {
      ts.forEach((t, i) => ids.forEach((to) => to !== ids[i] && t.send(heartbeat(ids[i], to, seq))));
    }
    await until(() => inboxes.every((box) => box.length === 100), 'every message');
    for (const [i, box] of inboxes.entries()) {
      for (const from of ids.filter((id) => id !== ids[i])) {
        const seqs = box.filter((m) => m.from === from).map((m) => (m as { seq: number }).seq);
        expect(seqs).to.deep.equal(Array.from({ length: 50 }, (_, k) => k + 1));
      }
    }
    for (const t of ts) {
      expect(t.stats().framesSent).to.equal(100);
      expect(t.stats().framesReceived).to.equal(100);
      expect(Object.values(t.stats().dropped).every((n) => n === 0)).to.equal(true);
    }
  });

  it('reconnects with backoff after a peer restarts, and delivers what was queued meanwhile', async () => {
    const a = track(transport('a'));
    let b = track(transport('b'));
    inbox(a);
    let got = inbox(b);
    await a.start();
    const bAddress = await b.start();
    a.setPeer('b', bAddress);
    a.send(heartbeat('a', 'b', 1));
    await until(() => got.length === 1, 'the first message');
    await b.close();
    a.send(heartbeat('a', 'b', 2)); // may be written into the dying connection and lost: Raft retransmits
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (let seq = 3; seq <= 5; seq++) a.send(heartbeat('a', 'b', seq));
    b = track(transport('b', { listen: bAddress }));
    got = inbox(b);
    await b.start();
    await until(() => got.some((m) => (m as { seq: number }).seq === 5), 'the messages queued while b was down');
    expect(got.map((m) => (m as { seq: number }).seq).filter((s) => s >= 3)).to.deep.equal([3, 4, 5]);
    expect(a.stats().reconnects).to.be.greaterThan(0);
  });

  it('rejects a peer with the wrong key, counts it, and keeps serving the others', async () => {
    const { ts, inboxes, ports } = await trio();
    const a = ts[0];
    const intruder = track(transport('b', { key: randomBytes(32) }));
    inbox(intruder);
    await intruder.start();
    intruder.setPeer('a', { host: HOST, port: ports[0] });
    intruder.send(heartbeat('b', 'a', 666));
    await until(() => a.stats().dropped.unauthenticated >= 1, 'the rejected handshake');
    ts[1].send(heartbeat('b', 'a', 1));
    await until(() => inboxes[0].length === 1, 'the honest message');
    expect(inboxes[0].map((m) => (m as { seq: number }).seq)).to.deep.equal([1]);
    expect(intruder.stats().framesSent).to.equal(0);
  });

  it('counts garbage, a truncated frame and an oversized length, closes those connections, and keeps working', async () => {
    const { ts, inboxes, ports } = await trio();
    const a = ts[0];
    const garbage = new RawPeer(ports[0]);
    garbage.write(Uint8Array.from([5, 0, 0, 0, 1, 2, 3, 4, 5]));
    await until(() => garbage.closed, 'the garbage connection to close');
    const oversized = new RawPeer(ports[0]);
    oversized.write(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    await until(() => oversized.closed, 'the oversized connection to close');
    const truncated = new RawPeer(ports[0]);
    truncated.write(Uint8Array.from([100, 0, 0, 0, 1, 2, 3]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    truncated.socket.end();
    await until(() => a.stats().dropped.malformed >= 2, 'the truncated frame');
    expect(a.stats().dropped.oversized).to.equal(1);
    expect(a.stats().dropped.malformed).to.equal(2);
    ts[2].send(heartbeat('c', 'a', 7));
    await until(() => inboxes[0].length === 1, 'a message after the bad ones');
  });

  it('after authentication: drops a bad MAC, a malformed message, a spoofed sender and an oversized frame', async () => {
    const a = track(transport('a', { frameBytesMax: 4096 }));
    const got = inbox(a);
    const { port } = await a.start();
    const peer = new RawPeer(port);
    await peer.authenticate('b', 'a', key);
    peer.write(peer.messageFrame(1, encodeMessage(heartbeat('b', 'a', 1))));
    peer.write(peer.messageFrame(2, Uint8Array.from([42, 42])));
    peer.write(peer.messageFrame(3, encodeMessage(heartbeat('c', 'a', 3))));
    peer.write(peer.messageFrame(4, encodeMessage(heartbeat('b', 'a', 4))));
    await until(() => got.length === 2, 'the good messages');
    expect(a.stats().dropped.malformed).to.equal(1);
    expect(a.stats().dropped.unauthenticated).to.equal(1);
    const forged = peer.messageFrame(5, encodeMessage(heartbeat('b', 'a', 5)));
    forged[forged.length - 1] ^= 1;
    peer.write(forged);
    await until(() => peer.closed, 'the connection with a bad MAC to close');
    expect(a.stats().dropped.unauthenticated).to.equal(2);
    const big = new RawPeer(port);
    await big.authenticate('b', 'a', key);
    const huge = Buffer.alloc(8);
    huge.writeUInt32LE(4097, 0);
    big.write(huge);
    await until(() => big.closed, 'the oversized connection to close');
    expect(a.stats().dropped.oversized).to.equal(1);
    expect(got.map((m) => (m as { seq: number }).seq)).to.deep.equal([1, 4]);
  });

  it('rejects a replayed frame on the same connection, and a recorded handshake replayed on a new one', async () => {
    const a = track(transport('a'));
    const got = inbox(a);
    const { port } = await a.start();
    const peer = new RawPeer(port);
    await peer.authenticate('b', 'a', key);
    const first = peer.messageFrame(1, encodeMessage(heartbeat('b', 'a', 1)));
    peer.write(first);
    await until(() => got.length === 1, 'the original');
    peer.write(first);
    await until(() => peer.closed, 'the replaying connection to close');
    expect(a.stats().dropped.replayed).to.equal(1);
    // Replay the whole recorded conversation (auth and frame 1) on a fresh connection.
    const replay = new RawPeer(port);
    await until(() => replay.received.length >= 1, 'the new challenge');
    replay.write(frame(encodeAuth(peer.params!, authMac(key, peer.params!))));
    replay.write(first);
    await until(() => replay.closed, 'the replayed handshake to be refused');
    expect(a.stats().dropped.unauthenticated).to.equal(1);
    expect(got).to.have.length(1);
  });

  it('bounds the queue of an unreachable peer, counts unroutable messages, and never throws on send', async () => {
    const idle = createServer();
    await new Promise<void>((resolve) => idle.listen(0, HOST, resolve));
    const deadPort = (idle.address() as { port: number }).port;
    await new Promise<void>((resolve) => idle.close(() => resolve()));
    const a = track(transport('a', { queueMessagesMax: 10, peers: { b: { host: HOST, port: deadPort } } }));
    await a.start();
    for (let seq = 1; seq <= 25; seq++) a.send(heartbeat('a', 'b', seq));
    a.send(heartbeat('a', 'zz', 1));
    a.send(heartbeat('a', 'a', 1));
    expect(a.stats().dropped.queueFull).to.equal(15);
    expect(a.stats().dropped.unroutable).to.equal(2);
    await until(() => a.stats().reconnects >= 2, 'redials with backoff');
    a.removePeer('b');
    a.send(heartbeat('a', 'b', 99));
    expect(a.stats().dropped.unroutable).to.equal(3);
  });

  it('refuses inbound connections beyond inboundConnectionsMax, and closes one that never authenticates', async () => {
    const a = track(transport('a', { inboundConnectionsMax: 2, handshakeTimeoutMs: 200 }));
    inbox(a);
    const { port } = await a.start();
    const first = new RawPeer(port);
    const second = new RawPeer(port);
    await until(() => first.received.length === 1 && second.received.length === 1, 'two challenges');
    const third = new RawPeer(port);
    await until(() => third.closed, 'the third connection to be refused');
    expect(a.stats().connectionsRefused).to.equal(1);
    await until(() => first.closed && second.closed, 'the silent connections to time out');
    expect(a.stats().dropped.unauthenticated).to.equal(2);
  });

  it('rejects bad options with KNHK_E_CONSENSUS_CONFIG and a taken port with KNHK_E_CONSENSUS_TRANSPORT_LISTEN', async () => {
    const config = (options: Partial<TcpTransportOptions>) => {
      try {
        transport('a', options);
      } catch (error) {
        return isKnhkError(error, 'KNHK_E_CONSENSUS_CONFIG');
      }
      return false;
    };
    expect(config({ key: new Uint8Array(8) })).to.equal(true);
    expect(config({ listen: { host: HOST, port: 70000 } })).to.equal(true);
    expect(config({ id: '' })).to.equal(true);
    expect(config({ peers: { a: { host: HOST, port: 1 } } })).to.equal(true);
    expect(config({ backoffMsMin: 0 })).to.equal(true);
    expect(config({ backoffMsMin: 500, backoffMsMax: 100 })).to.equal(true);
    const a = track(transport('a'));
    const { port } = await a.start();
    const b = track(transport('b', { listen: { host: HOST, port } }));
    let error: unknown;
    await b.start().catch((e: unknown) => (error = e));
    expect(isKnhkError(error, 'KNHK_E_CONSENSUS_TRANSPORT_LISTEN'), String(error)).to.equal(true);
  });
});

describe('consensus transport: SendQueue', () => {
  it('is FIFO across its compaction, bounded by count and by bytes', () => {
    const queue = new SendQueue(5000, 1 << 20);
    for (let i = 0; i < 5000; i++) expect(queue.push(Uint8Array.of(i & 0xff, i >> 8))).to.equal(true);
    expect(queue.push(new Uint8Array(1))).to.equal(false);
    for (let i = 0; i < 3000; i++) expect([...queue.shift()!]).to.deep.equal([i & 0xff, i >> 8]);
    for (let i = 5000; i < 8000; i++) expect(queue.push(Uint8Array.of(i & 0xff, i >> 8))).to.equal(true);
    expect(queue.length).to.equal(5000);
    expect(queue.bytes).to.equal(10000);
    for (let i = 3000; i < 8000; i++) expect([...queue.shift()!]).to.deep.equal([i & 0xff, i >> 8]);
    expect(queue.shift()).to.equal(undefined);
    const small = new SendQueue(10, 100);
    expect(small.push(new Uint8Array(60))).to.equal(true);
    expect(small.push(new Uint8Array(41))).to.equal(false);
    expect(small.push(new Uint8Array(40))).to.equal(true);
    small.clear();
    expect([small.length, small.bytes]).to.deep.equal([0, 0]);
  });
});

describe('consensus transport: frames and backoff', () => {
  it('reassembles frames split at every byte, and stops at a zero or oversized length', () => {
    const frames = [Uint8Array.of(1), new Uint8Array(300).fill(7), Uint8Array.of(2, 3)];
    const stream = Buffer.concat(frames.map(frame));
    for (let split = 0; split <= stream.length; split++) {
      const splitter = new FrameSplitter(1000);
      const got = [...splitter.push(stream.subarray(0, split)).frames, ...splitter.push(stream.subarray(split)).frames];
      expect(got.map((f) => [...f])).to.deep.equal(frames.map((f) => [...f]));
      expect(splitter.pendingBytes).to.equal(0);
    }
    expect(new FrameSplitter(1000).push(Buffer.from([0, 0, 0, 0])).error).to.deep.equal({ kind: 'malformed' });
    expect(new FrameSplitter(1000).push(Buffer.from([0xe9, 3, 0, 0])).error).to.deep.equal({
      kind: 'oversized',
      length: 1001,
    });
  });

  it('backs off exponentially from min to max, with jitter in [0.5, 1)', () => {
    const policy = { minMs: 50, maxMs: 5000 };
    expect([0, 1, 2, 3, 10].map((n) => backoffDelayMs(policy, n, () => 0.999999))).to.deep.equal([
      50, 100, 200, 400, 5000,
    ]);
    expect([0, 1, 6, 100].map((n) => backoffDelayMs(policy, n, () => 0))).to.deep.equal([25, 50, 1600, 2500]);
  });
});
