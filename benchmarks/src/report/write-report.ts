/** Writing a report folder: report.md, report.json and one SVG chart per operation. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchReport } from '../harness.js';
import { chartFile, reportMarkdown } from './markdown.js';
import { throughputChart } from './svg-chart.js';

/** Writes the report into `dir` (created if needed); returns the files written. */
export function writeReport(report: BenchReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string): void => {
    writeFileSync(path.join(dir, name), text);
    written.push(path.join(dir, name));
  };
  write('report.json', `${JSON.stringify(report, null, 2)}\n`);
  write('report.md', reportMarkdown(report));
  const operations = [...new Set(report.results.map((r) => `${r.capability}.${r.operation}`))];
  for (const id of operations) {
    const [capability, operation] = id.split('.');
    const results = report.results.filter((r) => r.capability === capability && r.operation === operation);
    const segments = report.selection.filter((s) => s.capability === capability && s.operation === operation);
    const workload = report.workloads.find((w) => w.capability === capability && w.operation === operation);
    write(
      chartFile(capability, operation),
      throughputChart(
        `${id}: ${results[0]?.figure.name ?? ''} by size`,
        workload?.paramName ?? 'size',
        results,
        segments,
      ),
    );
  }
  return written;
}
