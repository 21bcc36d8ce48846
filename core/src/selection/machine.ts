/** Facts about this machine that decide which provider is fastest, and a fingerprint of them. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU features that matter to knhk's backends, as /proc/cpuinfo names them. */
export const RELEVANT_CPU_FLAGS = [
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

/** The relevant CPU features among the `flags` (x86) or `Features` (Arm) lines of a /proc/cpuinfo text. */
export function featuresFromCpuinfo(cpuinfo: string): string[] {
  const found = new Set<string>();
  for (const line of cpuinfo.split('\n')) {
    const match = /^(flags|features)\s*:(.*)$/i.exec(line);
    if (match === null) continue;
    for (const flag of match[2].trim().split(/\s+/)) found.add(flag.toLowerCase());
  }
  return RELEVANT_CPU_FLAGS.filter((feature) => found.has(feature));
}

/** This machine's relevant CPU features, from /proc/cpuinfo; empty where that file cannot be read. */
export function readCpuFlags(cpuinfoPath = '/proc/cpuinfo'): string[] {
  try {
    return featuresFromCpuinfo(readFileSync(cpuinfoPath, 'utf8'));
  } catch {
    return [];
  }
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
