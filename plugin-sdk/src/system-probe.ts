/**
 * Whether a system package is installed on this machine: whether a file its probe names
 * exists (I/O over the pure candidate paths of `system-packages.ts`). Nothing is loaded.
 */
import { existsSync } from 'node:fs';
import { type ProbedPackage, type SystemPackage, probeCandidates } from './system-packages.js';

/** Whether one of the probe's candidate paths exists (a symbolic link must resolve). */
export function isSystemPackageInstalled(pkg: SystemPackage): boolean {
  return probeCandidates(pkg.probe, { arch: process.arch, env: process.env }).some((file) => existsSync(file));
}

/** Each package with whether it was found here. */
export function probeSystemPackages(packages: readonly SystemPackage[]): ProbedPackage[] {
  return packages.map((pkg) => ({ package: pkg, found: isSystemPackageInstalled(pkg) }));
}
