/**
 * A closed-loop write load over HTTP/1.1 keep-alive: `concurrency` clients, each sending its
 * next request when the previous one is answered, for a fixed time; latency of every request.
 * The same generator drives knhk (`PUT /v1/kv/{key}`) and etcd (`POST /v3/kv/put` with base64
 * key and value), so both see the same client protocol style.
 */
import http from 'node:http';

/** How to turn one write into an HTTP request. */
export interface PutRequestShape {
  readonly method: string;
  path(key: string): string;
  body(key: string, value: string): string;
}

/** knhk's client API. */
export const KNHK_PUT: PutRequestShape = {
  method: 'PUT',
  path: (key) => `/v1/kv/${encodeURIComponent(key)}`,
  body: (_key, value) => JSON.stringify({ value }),
};

/** etcd's v3 JSON gateway. */
export const ETCD_PUT: PutRequestShape = {
  method: 'POST',
  path: () => '/v3/kv/put',
  body: (key, value) =>
    JSON.stringify({ key: Buffer.from(key).toString('base64'), value: Buffer.from(value).toString('base64') }),
};

/** What one load run measured. */
export interface LoadFigures {
  readonly concurrency: number;
  readonly seconds: number;
  readonly ok: number;
  readonly errors: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly firstError?: string;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function once(
  agent: http.Agent,
  endpoint: string,
  shape: PutRequestShape,
  key: string,
  value: string,
): Promise<string | undefined> {
  const body = shape.body(key, value);
  return new Promise((resolve) => {
    const req = http.request(
      `${endpoint}${shape.path(key)}`,
      {
        method: shape.method,
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve(
            res.statusCode === 200 ? undefined : `${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`,
          ),
        );
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', (e) => resolve(e.message));
    req.end(body);
  });
}

/** Runs the load on `endpoint` for `seconds` after `warmupSeconds` (not counted). */
export async function runPutLoad(options: {
  endpoint: string;
  shape: PutRequestShape;
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  valueBytes: number;
  keySpace: number;
}): Promise<LoadFigures> {
  const { endpoint, shape, concurrency } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const value = 'v'.repeat(options.valueBytes);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  let next = 0;
  const worker = async () => {
    while (true) {
      const t0 = performance.now();
      if (t0 >= end) return;
      const key = `k${(next++ * 7919) % options.keySpace}`;
      const error = await once(agent, endpoint, shape, key, value);
      const t1 = performance.now();
      if (t0 < measureFrom || t1 > end) continue;
      if (error === undefined) latencies.push(t1 - t0);
      else {
        errors++;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    concurrency,
    seconds: options.seconds,
    ok: latencies.length,
    errors,
    opsPerSecond: latencies.length / options.seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    ...(firstError === undefined ? {} : { firstError }),
  };
}
