/**
 * The counters of a TCP transport, shared by its connections. Every frame dropped is counted
 * under exactly one reason.
 */
import type { TransportStats } from '../node/ports.js';

/** {@link TransportStats} with the TCP transport's extra reasons. */
export interface TcpTransportStats extends TransportStats {
  /** Inbound connections refused because `inboundConnectionsMax` were open. */
  readonly connectionsRefused: number;
  readonly dropped: TransportStats['dropped'] & {
    /** Message frames with a MAC that verifies but a stale or skipped sequence number (replays). */
    readonly replayed: number;
    /** Messages to a node that is not a known peer (or to this node itself). */
    readonly unroutable: number;
  };
}

/** Mutable counters behind {@link TcpTransportStats}. */
export class TransportCounters {
  framesSent = 0;
  framesReceived = 0;
  malformed = 0;
  unauthenticated = 0;
  oversized = 0;
  queueFull = 0;
  replayed = 0;
  unroutable = 0;
  reconnects = 0;
  connectionsRefused = 0;

  /** A copy of the counters now. */
  snapshot(): TcpTransportStats {
    return {
      framesSent: this.framesSent,
      framesReceived: this.framesReceived,
      dropped: {
        malformed: this.malformed,
        unauthenticated: this.unauthenticated,
        oversized: this.oversized,
        queueFull: this.queueFull,
        replayed: this.replayed,
        unroutable: this.unroutable,
      },
      reconnects: this.reconnects,
      connectionsRefused: this.connectionsRefused,
    };
  }
}
