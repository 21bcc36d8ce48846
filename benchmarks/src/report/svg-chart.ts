/**
 * A throughput-against-size chart as standalone SVG: one line per provider (peers dashed),
 * log-scale sizes, and the crossovers of the selection marked as vertical lines.
 */
import type { SelectionSegment } from '@knhk/core';
import type { BenchResult } from '../harness.js';

const WIDTH = 760;
const HEIGHT = 420;
const MARGIN = { left: 70, right: 170, top: 40, bottom: 50 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

function formatSize(size: number): string {
  if (size >= 1 << 20 && size % (1 << 20) === 0) return `${size / (1 << 20)}M`;
  if (size >= 1024 && size % 1024 === 0) return `${size / 1024}K`;
  return String(size);
}

/** The chart of one operation. `results` must all be of that operation. */
export function throughputChart(
  title: string,
  paramName: string,
  results: readonly BenchResult[],
  segments: readonly SelectionSegment[],
): string {
  const params = [...new Set(results.map((r) => r.param))].sort((a, b) => a - b);
  const providers = [...new Set(results.map((r) => r.provider))];
  const figureName = results[0]?.figure.name ?? '';
  const yMax = niceMax(Math.max(...results.map((r) => r.figure.value), 0));
  const lo = Math.log2(params[0] ?? 1);
  const hi = Math.log2(params[params.length - 1] ?? 2);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (param: number): number =>
    MARGIN.left + (hi === lo ? plotW / 2 : ((Math.log2(param) - lo) / (hi - lo)) * plotW);
  const y = (value: number): number => MARGIN.top + plotH - (value / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2 - MARGIN.right / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end">${Number(v.toPrecision(3))}</text>`);
  }
  for (const p of params) {
    parts.push(`<text x="${x(p)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${formatSize(p)}</text>`);
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeXml(paramName)} (log scale)</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(figureName)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#444"/>`,
  );
  parts.push(...crossoverMarks(segments, results, x, MARGIN.top, plotH));
  providers.forEach((provider, i) => parts.push(...providerLine(provider, i, results, x, y, MARGIN.left + plotW)));
  parts.push('</svg>');
  return parts.join('\n');
}

function crossoverMarks(
  segments: readonly SelectionSegment[],
  results: readonly BenchResult[],
  x: (param: number) => number,
  top: number,
  height: number,
): string[] {
  const marks: string[] = [];
  for (const segment of segments.slice(1)) {
    // The boundary is in selection sizes; draw it between the measured params around it.
    const before = results.filter((r) => r.size < segment.sizeRange.min).map((r) => r.param);
    const after = results.filter((r) => r.size >= segment.sizeRange.min).map((r) => r.param);
    if (before.length === 0 || after.length === 0) continue;
    const at = Math.sqrt(Math.max(...before) * Math.min(...after));
    marks.push(
      `<line x1="${x(at)}" x2="${x(at)}" y1="${top}" y2="${top + height}" stroke="#555" stroke-dasharray="5 4"/>`,
    );
    marks.push(`<text x="${x(at) + 4}" y="${top + 14}" fill="#555">crossover → ${escapeXml(segment.chosen)}</text>`);
  }
  return marks;
}

function providerLine(
  provider: string,
  index: number,
  results: readonly BenchResult[],
  x: (param: number) => number,
  y: (value: number) => number,
  legendX: number,
): string[] {
  const color = COLORS[index % COLORS.length];
  const points = results.filter((r) => r.provider === provider).sort((a, b) => a.param - b.param);
  const peer = points.some((p) => p.peer);
  const dash = peer ? ' stroke-dasharray="6 3"' : '';
  const path = points.map((p) => `${x(p.param).toFixed(1)},${y(p.figure.value).toFixed(1)}`).join(' ');
  const legendY = MARGIN.top + 10 + index * 20;
  return [
    `<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`,
    ...points.map(
      (p) => `<circle cx="${x(p.param).toFixed(1)}" cy="${y(p.figure.value).toFixed(1)}" r="3" fill="${color}"/>`,
    ),
    `<line x1="${legendX + 12}" x2="${legendX + 36}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="2"${dash}/>`,
    `<text x="${legendX + 42}" y="${legendY + 4}">${escapeXml(provider)}${peer ? ' (peer)' : ''}</text>`,
  ];
}
