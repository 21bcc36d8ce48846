/**
 * Marketplace benchmarks: batched idempotent ingestion into the embedded store (target at
 * least 50,000 events/s) and invoice generation for 10,000 accounts (target under 10 s). Both
 * run against a real SQLite file in WAL mode with synchronous=FULL, as the CLI uses it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UsageEvent } from '@knhk/core';
import { openMarketplace } from '@knhk/plugin-marketplace';

export interface MarketFigures {
  readonly ingest: {
    events: number;
    batch: number;
    seconds: number;
    eventsPerSecond: number;
    duplicatesPerSecond: number;
  };
  readonly invoices: { accounts: number; events: number; seconds: number; invoicesPerSecond: number };
}

export const INGEST_TARGET_EVENTS_PER_SECOND = 50_000;
export const INVOICE_TARGET_SECONDS = 10;

function events(first: number, count: number, customers: number): UsageEvent[] {
  return Array.from({ length: count }, (_, k) => {
    const i = first + k;
    return {
      id: `ev-${i}`,
      customerId: `c${String(i % customers).padStart(5, '0')}`,
      meter: i % 3 === 0 ? 'gpu_hours' : 'api_calls',
      quantity: i % 3 === 0 ? '0.25' : '1',
      timestamp: '2026-01-15T00:00:00Z',
    };
  });
}

async function ingestAll(
  ingest: (batch: UsageEvent[]) => Promise<unknown>,
  total: number,
  batch: number,
  customers: number,
): Promise<number> {
  const started = performance.now();
  for (let first = 0; first < total; first += batch)
    await ingest(events(first, Math.min(batch, total - first), customers));
  return (performance.now() - started) / 1000;
}

export async function runMarketBenchmarks(
  options: { events?: number; batch?: number; accounts?: number } = {},
): Promise<MarketFigures> {
  const total = options.events ?? 200_000;
  const batch = options.batch ?? 5_000;
  const accounts = options.accounts ?? 10_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'knhk-market-bench-'));
  try {
    const market = await openMarketplace(path.join(dir, 'market.db'));
    for (let i = 0; i < accounts; i++) {
      const plan = ['free', 'starter', 'professional'][i % 3];
      await market.billing.createAccount({
        customerId: `c${String(i).padStart(5, '0')}`,
        planId: plan,
        taxRate: '0.0825',
      });
    }
    const ingest = (b: UsageEvent[]) => market.metering.ingest(b);
    const seconds = await ingestAll(ingest, total, batch, accounts);
    const dupSeconds = await ingestAll(ingest, total, batch, accounts); // every event again: all duplicates
    if ((await market.store.eventCount()) !== total) throw new Error('ingestion lost or doubled events');
    const started = performance.now();
    const generated = await market.billing.generateAll('2026-01');
    const invoiceSeconds = (performance.now() - started) / 1000;
    if (generated.created !== accounts) throw new Error(`generated ${generated.created} invoices, not ${accounts}`);
    await market.close();
    return {
      ingest: {
        events: total,
        batch,
        seconds,
        eventsPerSecond: total / seconds,
        duplicatesPerSecond: total / dupSeconds,
      },
      invoices: { accounts, events: total, seconds: invoiceSeconds, invoicesPerSecond: accounts / invoiceSeconds },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
