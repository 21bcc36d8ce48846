/**
 * The accepting side of one peer connection: sends the challenge, checks the dialer's auth,
 * then verifies, decodes and delivers its message frames. Anything wrong is counted and the
 * connection closed; nothing a peer sends can throw out of here.
 */
import type { Socket } from 'node:net';
import { isKnhkError } from '@knhk/core';
import { DecodeError } from '../encoding/bytes.js';
import type { Message, NodeId } from '../raft/types.js';
import { FrameSplitter, frame } from './frame-splitter.js';
import {
  type HandshakeParams,
  acceptMac,
  authMac,
  decodeAuth,
  encodeAccept,
  encodeChallenge,
  macEqual,
  newNonce,
  openMessageFrame,
  sessionKey,
} from './handshake.js';
import { decodeMessage } from './message-codec.js';
import type { TransportCounters } from './transport-stats.js';

/** What an inbound connection needs from its transport. */
export interface InboundContext {
  readonly id: NodeId;
  readonly key: Uint8Array;
  readonly frameBytesMax: number;
  readonly handshakeFrameBytesMax: number;
  readonly handshakeTimeoutMs: number;
  readonly counters: TransportCounters;
  deliver(message: Message): void;
  /** Called once when the connection ends. */
  closed(connection: InboundConnection): void;
  /** Called once the dialer is authenticated. */
  authenticated(connection: InboundConnection, peer: NodeId): void;
}

/** One accepted connection, from the challenge to its close. */
export class InboundConnection {
  private readonly splitter: FrameSplitter;
  private readonly acceptorNonce = newNonce();
  private session: Uint8Array | undefined;
  /** The authenticated dialer. */
  peer: NodeId | undefined;
  private lastSeq = 0;
  private ended = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: InboundContext,
  ) {
    this.splitter = new FrameSplitter(ctx.handshakeFrameBytesMax);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.end(true));
    socket.on('close', () => this.end(true));
    this.timer = setTimeout(() => this.reject('unauthenticated'), ctx.handshakeTimeoutMs);
    this.timer.unref();
    socket.write(frame(encodeChallenge(this.acceptorNonce)));
  }

  /** Closes the connection (idempotent). */
  close(): void {
    this.end(false);
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    const { frames, error } = this.splitter.push(chunk);
    for (const body of frames) {
      if (this.ended) return;
      if (this.session === undefined) this.onAuth(body);
      else this.onMessage(this.session, body);
    }
    if (error !== undefined && !this.ended) this.reject(error.kind);
  }

  private onAuth(body: Uint8Array): void {
    let auth;
    try {
      auth = decodeAuth(body);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      return this.reject('malformed');
    }
    const params: HandshakeParams = {
      from: auth.from,
      to: auth.to,
      acceptorNonce: this.acceptorNonce,
      dialerNonce: auth.dialerNonce,
    };
    if (auth.to !== this.ctx.id || auth.from === this.ctx.id || !macEqual(authMac(this.ctx.key, params), auth.mac)) {
      return this.reject('unauthenticated');
    }
    clearTimeout(this.timer);
    this.session = sessionKey(this.ctx.key, params);
    this.peer = auth.from;
    this.splitter.setLimit(this.ctx.frameBytesMax);
    this.socket.write(frame(encodeAccept(acceptMac(this.ctx.key, params))));
    this.ctx.authenticated(this, auth.from);
  }

  private onMessage(session: Uint8Array, body: Uint8Array): void {
    const opened = openMessageFrame(session, body);
    if (!opened.ok) return this.reject(opened.reason);
    if (opened.seq !== this.lastSeq + 1) return this.reject('replayed');
    this.lastSeq = opened.seq;
    let message: Message;
    try {
      message = decodeMessage(opened.message);
    } catch (error) {
      if (!isKnhkError(error, 'KNHK_E_CONSENSUS_MESSAGE_MALFORMED')) throw error;
      this.ctx.counters.malformed++;
      return;
    }
    if (message.from !== this.peer) {
      this.ctx.counters.unauthenticated++;
      return;
    }
    if (message.to !== this.ctx.id) {
      this.ctx.counters.malformed++;
      return;
    }
    this.ctx.counters.framesReceived++;
    this.ctx.deliver(message);
  }

  /** Counts the frame under `reason` and closes the connection. */
  private reject(reason: 'malformed' | 'unauthenticated' | 'oversized' | 'replayed'): void {
    this.ctx.counters[reason]++;
    this.end(false);
  }

  /** `byPeer`: the peer closed (or the socket failed): a partial frame left is a truncated one. */
  private end(byPeer: boolean): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    if (byPeer && this.splitter.pendingBytes > 0) this.ctx.counters.malformed++;
    this.socket.destroy();
    this.ctx.closed(this);
  }
}
