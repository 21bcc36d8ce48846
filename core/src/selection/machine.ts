/** Facts about this machine that decide which provider is fastest, and a fingerprint of them. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU features that matter to knhk's backends, as /proc/cpuinfo names them. */
const RELEVANT_CPU_FLAGS = [
  'sse4_2',
  'avx',
  'avx2',
  'fma',
  'f16c',
  'avx512f',
  'avx512bw',
  'avx512vl',
  'avx512dq',
  'avx512_vnni',
  'asimd',
  'sve',
];

/** The machine, as benchmark reports and wisdom record it. */
export interface MachineFacts {
  readonly platform: string;
  readonly arch: string;
  readonly cpuModel: string;
  /** Logical cores available to this process. */
  readonly cores: number;
  readonly cpuFlags: readonly string[];
  readonly totalMemoryBytes: number;
  readonly node: string;
  readonly v8: string;
}

/**
 * The CPU features of `RELEVANT_CPU_FLAGS` that this machine has, from /proc/cpuinfo
 * ("flags" on x86, "Features" on ARM); empty where that file does not exist.
 */
export function readCpuFlags(cpuinfoPath = '/proc/cpuinfo'): string[] {
  let text: string;
  try {
    text = readFileSync(cpuinfoPath, 'utf8');
  } catch {
    return [];
  }
  const line = text.split('\n').find((l) => /^(flags|Features)\s*:/.test(l));
  if (line === undefined) return [];
  const present = new Set(
    line
      .slice(line.indexOf(':') + 1)
      .trim()
      .split(/\s+/),
  );
  return RELEVANT_CPU_FLAGS.filter((f) => present.has(f));
}

/** Facts about this machine. */
export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    cpuFlags: readCpuFlags(),
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    v8: process.versions.v8,
  };
}

/**
 * A short hash of what makes measurements of one machine comparable: platform, CPU model,
 * cores, features and the JavaScript engine. Memory size and the time of day are left out.
 */
export function machineFingerprint(facts: MachineFacts = machineFacts()): string {
  const key = [facts.platform, facts.arch, facts.cpuModel, facts.cores, facts.cpuFlags.join(','), facts.node].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
