/** The benchmark report as Markdown: machine, per-operation tables with charts, selection, overhead. */
import { formatNs } from '@knhk/core';
import type { BenchReport, BenchResult } from '../harness.js';
import type { TargetFigure } from '../targets/target-row.js';

/** A table cell: a pipe would end the cell and a newline the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/**
 * The file name of an operation's chart: `capability-operation.svg`, or `capability.svg` for a
 * module capability measured as a whole (operation `*`); nothing a shell would expand.
 */
export function chartFile(capability: string, operation: string): string {
  const name = operation === '*' ? capability : `${capability}-${operation}`;
  return `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.svg`;
}

function figure(r: BenchResult): string {
  return `${Number(r.figure.value.toPrecision(4))} ${r.figure.name}`;
}

function machineSection(report: BenchReport): string {
  const m = report.machine;
  const rows = [
    ['CPU', `${m.cpuModel} (${m.cores} cores; ${m.cpuFlags.join(' ') || 'no flags read'})`],
    ['platform', `${m.platform} ${m.arch}, Node.js ${m.node} (V8 ${m.v8})`],
    ['memory', `${(m.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB`],
    ['plugins', m.plugins.map((p) => `${p.name}@${p.version} (${p.status})`).join(', ')],
    ['devices', m.devices.map((d) => `${d.backend}: ${d.name}`).join('; ') || 'none'],
    ['effort', report.effort],
  ];
  return `## Machine\n\n${table(['', ''], rows)}`;
}

function operationSection(report: BenchReport, capability: string, operation: string): string {
  const workload = report.workloads.find((w) => w.capability === capability && w.operation === operation);
  const results = report.results.filter((r) => r.capability === capability && r.operation === operation);
  const rows = results.map((r) => [
    String(r.param),
    r.peer ? `${r.provider} (peer)` : r.provider,
    formatNs(r.medianNs),
    formatNs(r.meanNs),
    formatNs(r.p99Ns),
    Math.round(r.opsPerSec).toLocaleString('en-US'),
    figure(r),
  ]);
  const header = [workload?.paramName ?? 'size', 'provider', 'median', 'mean', 'p99', 'ops/s', 'figure'];
  return [
    `### ${capability}.${operation}`,
    workload ? `Each call: ${workload.what}.` : '',
    `![${capability}.${operation}](${chartFile(capability, operation)})`,
    table(header, rows),
  ].join('\n\n');
}

function selectionSection(report: BenchReport): string {
  const rows = report.selection.map((s) => [
    `${s.capability}.${s.operation}`,
    `${s.sizeRange.min} – ${s.sizeRange.max === Number.MAX_SAFE_INTEGER ? '∞' : s.sizeRange.max}`,
    s.chosen,
    s.runnerUp ?? '-',
  ]);
  return `## Selection\n\nFastest provider by selection size (crossovers where it changes).\n\n${table(['operation', 'sizes', 'chosen', 'runner-up'], rows)}`;
}

function overheadSection(report: BenchReport): string {
  const d = report.dispatchOverhead;
  if (d === undefined) return '';
  return [
    '## Dispatch overhead',
    `${d.operation} of ${d.size} elements on ${d.provider}, ${d.rounds} alternating rounds: through the framework ${formatNs(d.frameworkNs)}, direct ${formatNs(d.directNs)}, ratio **${d.ratio.toFixed(3)}** (target ≤ 1.1).`,
  ].join('\n\n');
}

function targetFigure(f: TargetFigure | undefined): string {
  return f === undefined ? '-' : `${f.name}: ${Number(f.value.toPrecision(4))} ${f.unit}`;
}

function targetsSection(report: BenchReport): string {
  const t = report.targets;
  if (t === undefined) return '';
  const rows = t.rows.map((r) => [
    r.what,
    targetFigure(r.ours),
    targetFigure(r.peer),
    r.ratio === undefined ? '-' : r.ratio.toFixed(2),
    `${r.target.comparison} ${r.target.value}`,
    r.reason === undefined ? r.status : `${r.status}: ${r.reason}`,
    r.ceiling ?? '',
  ]);
  return [
    '## Targets',
    `Each pair measured side by side in this run; ratio = knhk / compared. ${t.note}. The last column says what bounds a ratio on this machine, measured in the same run.`,
    table(['target', 'knhk', 'compared with', 'ratio', 'goal', 'status', 'bound here'], rows),
  ].join('\n\n');
}

/** The report as Markdown. */
export function reportMarkdown(report: BenchReport): string {
  const operations = [...new Set(report.results.map((r) => `${r.capability}.${r.operation}`))];
  const failures = report.failures.map((f) => [
    `${f.capability}.${f.operation}`,
    String(f.param),
    f.provider,
    f.reason,
  ]);
  const missing = report.peers.missing.map((p) => `- ${p.name}: ${p.reason}`).join('\n');
  return [
    `# knhk benchmark report`,
    `Measured ${report.createdAt}. Peers measured: ${report.peers.measured.join(', ') || 'none'}.`,
    missing ? `Peers missing:\n\n${missing}` : '',
    machineSection(report),
    selectionSection(report),
    overheadSection(report),
    targetsSection(report),
    '## Results',
    ...operations.map((id) => {
      const [capability, operation] = id.split('.');
      return operationSection(report, capability, operation);
    }),
    failures.length ? `## Failures\n\n${table(['operation', 'size', 'provider', 'reason'], failures)}` : '',
  ]
    .filter((part) => part !== '')
    .join('\n\n')
    .concat('\n');
}
