/**
 * The client of a knhk consensus cluster's key-value API: finds the leader (following the
 * not-leader redirects), retries with exponential backoff what is certain not to have taken
 * effect, and bounds every request and every operation in time. A write whose outcome is not
 * known (the connection broke after it was sent, or the node could not confirm it in time) is
 * never retried: it fails with `KNHK_E_CONSENSUS_OUTCOME_UNKNOWN`.
 */
import http from 'node:http';
import { KnhkError, isKnhkError } from '@knhk/core';
import { errorFromWire, type KvApiError } from './kv-http-api.js';
import type { RaftNodeStatus, ReadConsistency } from './raft-node.js';
import { consensusError } from '../errors.js';

/** Options of a {@link KvClient}; times in milliseconds. */
export interface KvClientOptions {
  /** The nodes' client API addresses, e.g. `http://127.0.0.1:8001`. */
  readonly endpoints: readonly string[];
  /** Limit of one HTTP request (default 5,000). */
  readonly requestTimeoutMs?: number;
  /** Limit of one operation, retries included (default 15,000). */
  readonly operationTimeoutMs?: number;
  /** First and largest pause between retries (defaults 20 and 1,000). */
  readonly backoffMinMs?: number;
  readonly backoffMaxMs?: number;
}

/** The answer of one HTTP exchange, or why there was none. */
type Exchange =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | { readonly ok: false; readonly sent: boolean; readonly reason: string };

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EADDRNOTAVAIL']);

function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw consensusError('KNHK_E_CONSENSUS_CONFIG', `endpoint "${endpoint}" is not a URL like http://127.0.0.1:8001`);
  }
  if (url.protocol !== 'http:' || url.pathname !== '/' || url.search !== '') {
    throw consensusError('KNHK_E_CONSENSUS_CONFIG', `endpoint "${endpoint}" must be http://host:port`);
  }
  return url.origin;
}

function timeOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0 || value > 3_600_000) {
    throw consensusError('KNHK_E_CONSENSUS_CONFIG', `${name} must be an integer in [1, 3600000] ms, got ${value}`);
  }
  return value;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A key-value client with leader discovery, redirects, retries and timeouts. */
export class KvClient {
  readonly endpoints: readonly string[];
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly requestTimeoutMs: number;
  private readonly operationTimeoutMs: number;
  private readonly backoffMinMs: number;
  private readonly backoffMaxMs: number;
  private leaderUrl: string | undefined;
  private cursor = 0;

  constructor(options: KvClientOptions) {
    if (options.endpoints.length === 0) {
      throw consensusError('KNHK_E_CONSENSUS_CONFIG', 'a client needs at least one endpoint (http://host:port)');
    }
    this.endpoints = options.endpoints.map(checkEndpoint);
    this.requestTimeoutMs = timeOption('requestTimeoutMs', options.requestTimeoutMs, 5_000);
    this.operationTimeoutMs = timeOption('operationTimeoutMs', options.operationTimeoutMs, 15_000);
    this.backoffMinMs = timeOption('backoffMinMs', options.backoffMinMs, 20);
    this.backoffMaxMs = timeOption('backoffMaxMs', options.backoffMaxMs, 1_000);
  }

  /** Writes `value` at `key`; resolves with the log index once committed and applied. */
  async put(key: string, value: string): Promise<{ index: number }> {
    const body = JSON.stringify({ value });
    return (await this.call('PUT', `/v1/kv/${encodeURIComponent(key)}`, body, true)) as { index: number };
  }

  /** Deletes `key`; says whether it existed. */
  async delete(key: string): Promise<{ index: number; deleted: boolean }> {
    return (await this.call('DELETE', `/v1/kv/${encodeURIComponent(key)}`, undefined, true)) as {
      index: number;
      deleted: boolean;
    };
  }

  /** Reads `key` (null: absent); linearizable unless `local` (one node's state, then `endpoint` picks it). */
  async get(
    key: string,
    options: { consistency?: ReadConsistency; endpoint?: string } = {},
  ): Promise<{ value: string | null; index: number }> {
    const path = `/v1/kv/${encodeURIComponent(key)}${options.consistency === 'local' ? '?consistency=local' : ''}`;
    const result =
      options.endpoint === undefined
        ? await this.call('GET', path, undefined, false)
        : await this.at(options.endpoint, path);
    return result as { value: string | null; index: number };
  }

  /** Every pair; linearizable unless `local`. */
  async list(
    options: { consistency?: ReadConsistency; endpoint?: string } = {},
  ): Promise<{ pairs: [string, string][]; index: number }> {
    const path = `/v1/kv${options.consistency === 'local' ? '?consistency=local' : ''}`;
    const result =
      options.endpoint === undefined
        ? await this.call('GET', path, undefined, false)
        : await this.at(options.endpoint, path);
    return result as { pairs: [string, string][]; index: number };
  }

  /** The status of one node (by default the first endpoint). */
  async status(endpoint: string = this.endpoints[0]): Promise<RaftNodeStatus> {
    return (await this.at(endpoint, '/v1/status')) as RaftNodeStatus;
  }

  /** The leader this client last talked to, if any. */
  knownLeader(): string | undefined {
    return this.leaderUrl;
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /** One GET on one node, no redirects or retries. */
  private async at(endpoint: string, path: string): Promise<unknown> {
    const origin = checkEndpoint(endpoint);
    const exchange = await this.exchange(origin, 'GET', path, undefined);
    if (!exchange.ok) {
      throw consensusError('KNHK_E_CONSENSUS_UNREACHABLE', `${origin}: ${exchange.reason}`, { endpoint: origin });
    }
    if (exchange.status === 200) return exchange.body;
    throw errorFromWire(this.wireError(exchange.body, exchange.status), origin);
  }

  private wireError(body: unknown, status: number): KvApiError {
    const error = (body as { error?: KvApiError } | null)?.error;
    if (error !== undefined && typeof error.code === 'string' && typeof error.message === 'string') return error;
    return { code: 'HTTP', message: `status ${status} without a knhk error body` };
  }

  private nextEndpoint(): string {
    this.cursor = (this.cursor + 1) % this.endpoints.length;
    return this.endpoints[this.cursor];
  }

  /** Runs one operation: redirects, retries what certainly did not take effect, until the operation's time limit. */
  private async call(method: string, path: string, body: string | undefined, isWrite: boolean): Promise<unknown> {
    const deadline = performance.now() + this.operationTimeoutMs;
    let target = this.leaderUrl ?? this.endpoints[this.cursor];
    let backoff = this.backoffMinMs;
    let last = 'no attempt';
    for (let attempt = 1; ; attempt++) {
      const exchange = await this.exchange(target, method, path, body);
      let redirect: string | undefined;
      if (!exchange.ok) {
        if (isWrite && exchange.sent) {
          throw consensusError(
            'KNHK_E_CONSENSUS_OUTCOME_UNKNOWN',
            `${method} ${path} on ${target}: ${exchange.reason}`,
            {
              endpoint: target,
            },
          );
        }
        last = `${target}: ${exchange.reason}`;
        if (this.leaderUrl === target) this.leaderUrl = undefined;
      } else if (exchange.status === 200) {
        this.leaderUrl = target;
        return exchange.body;
      } else {
        const error = errorFromWire(this.wireError(exchange.body, exchange.status), target);
        if (!this.retryable(error, isWrite)) throw error;
        last = shortReason(error);
        if (this.leaderUrl === target) this.leaderUrl = undefined;
        const hinted = error.details.leaderUrl;
        if (typeof hinted === 'string' && hinted !== target) redirect = checkEndpoint(hinted);
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        const code = isWrite ? 'KNHK_E_CONSENSUS_UNREACHABLE' : 'KNHK_E_CONSENSUS_TIMEOUT';
        throw consensusError(
          code,
          `${method} ${path}: no success in ${attempt} attempts within ${this.operationTimeoutMs} ms; last: ${last}`,
        );
      }
      if (redirect !== undefined) {
        target = redirect;
        continue;
      }
      await sleep(Math.min(backoff, remaining));
      backoff = Math.min(backoff * 2, this.backoffMaxMs);
      target = this.nextEndpoint();
    }
  }

  /** Errors after which the operation certainly had no effect (or, for reads, none matters). */
  private retryable(error: KnhkError, isWrite: boolean): boolean {
    switch (error.code) {
      case 'KNHK_E_CONSENSUS_NOT_LEADER':
      case 'KNHK_E_CONSENSUS_OVERLOADED':
      case 'KNHK_E_CONSENSUS_STOPPED':
        return true;
      case 'KNHK_E_CONSENSUS_TIMEOUT':
        return !isWrite;
      default:
        return false;
    }
  }

  private exchange(origin: string, method: string, path: string, body: string | undefined): Promise<Exchange> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: Exchange) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request(`${origin}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            done({ ok: true, status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            done({ ok: false, sent: true, reason: `status ${res.statusCode}: the answer is not JSON` });
          }
        });
        res.on('error', (error) => done({ ok: false, sent: true, reason: error.message }));
      });
      req.setTimeout(this.requestTimeoutMs, () => {
        done({ ok: false, sent: true, reason: `no answer within ${this.requestTimeoutMs} ms` });
        req.destroy();
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        done({ ok: false, sent: !NOT_SENT_CODES.has(error.code ?? ''), reason: error.message });
      });
      req.end(body);
    });
  }
}

function shortReason(error: unknown): string {
  return isKnhkError(error) ? error.message.split('. ')[0] : String(error);
}
