/** `node benchmarks/dist/src/market/market-main.js [--json]`: the marketplace benchmarks, with their targets. */
import os from 'node:os';
import { INGEST_TARGET_EVENTS_PER_SECOND, INVOICE_TARGET_SECONDS, runMarketBenchmarks } from './market-bench.js';

const figures = await runMarketBenchmarks();
const ingestOk = figures.ingest.eventsPerSecond >= INGEST_TARGET_EVENTS_PER_SECOND;
const invoiceOk = figures.invoices.seconds < INVOICE_TARGET_SECONDS;
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ ...figures, targets: { ingestOk, invoiceOk } }, null, 2));
} else {
  const { ingest, invoices } = figures;
  const rate = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `marketplace benchmarks on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), SQLite WAL, synchronous=FULL`,
  );
  console.log(
    `ingestion: ${rate(ingest.events)} events in batches of ${ingest.batch}: ${ingest.seconds.toFixed(2)} s, ` +
      `${rate(ingest.eventsPerSecond)} events/s (target >= ${rate(INGEST_TARGET_EVENTS_PER_SECOND)}: ${ingestOk ? 'met' : 'NOT met'}); ` +
      `re-sent duplicates: ${rate(ingest.duplicatesPerSecond)} events/s`,
  );
  console.log(
    `invoices: ${rate(invoices.accounts)} accounts (${rate(invoices.events)} events): ${invoices.seconds.toFixed(2)} s, ` +
      `${rate(invoices.invoicesPerSecond)} invoices/s (target < ${INVOICE_TARGET_SECONDS} s: ${invoiceOk ? 'met' : 'NOT met'})`,
  );
}
process.exitCode = ingestOk && invoiceOk ? 0 : 1;
