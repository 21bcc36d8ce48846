/**
 * @knhk/benchmarks: the harness behind `knhk bench`: every provider of every workload at a
 * range of sizes, installed peers side by side, the dispatch overhead, and reports in
 * Markdown, JSON and SVG.
 */
export * from './harness.js';
export * from './dispatch-overhead.js';
export * from './peers/index.js';
export * from './targets/target-row.js';
export { TARGET_GOALS, TARGET_PLANS, measureTargets } from './targets/measure-targets.js';
export { writeReport } from './report/write-report.js';
export { reportMarkdown, chartFile } from './report/markdown.js';
export { throughputChart } from './report/svg-chart.js';
