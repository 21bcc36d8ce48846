/**
 * Serves a {@link RaftNode}'s client API over HTTP/1.1 (node:http, keep-alive, JSON bodies);
 * routes and error shapes are in `kv-http-api.ts`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KV_BODY_BYTES_MAX, errorResponse, parsePutBody, routeRequest, type KvApiOperation } from './kv-http-api.js';
import type { RaftNode } from './raft-node.js';
import { consensusError } from '../errors.js';

/** Where the API listens. */
export interface KvHttpServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** How long an idle keep-alive connection stays open (default 60,000 ms). */
  readonly keepAliveMs?: number;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= KV_BODY_BYTES_MAX) chunks.push(chunk);
    });
    req.on('end', () => {
      if (bytes > KV_BODY_BYTES_MAX) {
        reject(consensusError('KNHK_E_CONSENSUS_BAD_REQUEST', `the body has more than ${KV_BODY_BYTES_MAX} bytes`));
      } else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The HTTP front of one node. */
export class KvHttpServer {
  private readonly server: http.Server;

  constructor(
    private readonly node: RaftNode,
    private readonly options: KvHttpServerOptions,
  ) {
    this.server = http.createServer({ keepAlive: true }, (req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = options.keepAliveMs ?? 60_000;
    this.server.headersTimeout = this.server.keepAliveTimeout + 1_000;
  }

  /** Listens; resolves with the bound address. */
  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        const where = `${this.options.host}:${this.options.port}`;
        reject(consensusError('KNHK_E_CONSENSUS_TRANSPORT_LISTEN', `client API on ${where}: ${error.message}`));
      };
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', onError);
        const address = this.server.address() as AddressInfo;
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  /** Stops accepting and closes every connection. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const operation = routeRequest(req.method ?? 'GET', req.url ?? '/');
      const body = operation.kind === 'put' ? await readBody(req) : undefined;
      reply(res, 200, await this.run(operation, body));
    } catch (error) {
      const { status, body } = errorResponse(error);
      reply(res, status, body);
    }
  }

  private async run(operation: KvApiOperation, body: string | undefined): Promise<unknown> {
    switch (operation.kind) {
      case 'put':
        return this.node.put(operation.key, parsePutBody(body ?? ''));
      case 'delete':
        return this.node.delete(operation.key);
      case 'get': {
        const { value, index } = await this.node.get(operation.key, operation.consistency);
        return { key: operation.key, value, index };
      }
      case 'list':
        return this.node.entries(operation.consistency);
      case 'status':
        return this.node.status();
    }
  }
}
