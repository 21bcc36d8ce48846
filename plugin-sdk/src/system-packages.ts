/**
 * System packages that a test suite needs (an OpenCL runtime, SIMDe headers, a peer library),
 * and what to do when one is missing: pure logic, no I/O. A suite whose packages are all
 * present runs. Without them it is not run, with the reason and the exact `apt-get install`
 * line, unless `CI` is set: there it is required, and the run fails naming the packages.
 *
 * Each package is detected by a file it installs (a shared library, a header, a config file),
 * never by the code under test, so that a broken loader fails its tests instead of turning
 * them into "not run". `system-probe.ts` looks for the files; `mocha.ts`
 * (`describeWithSystemPackages`) declares the suites.
 */

/** A file that a system package installs: how to tell it is there without loading it. */
export type SystemProbe =
  /** A shared library by its soname (e.g. `libOpenCL.so.1`), looked up in the library folders. */
  | { readonly library: string }
  /** A header by its include path (e.g. `simde/simde-common.h`), looked up in the include folders. */
  | { readonly header: string }
  /** An absolute path (e.g. `/etc/OpenCL/vendors/pocl.icd`). */
  | { readonly file: string };

/** A system package (its Debian name, the argument of `apt-get install`) and its probe. */
export interface SystemPackage {
  readonly name: string;
  /** What it gives the tests, for the reports. */
  readonly provides: string;
  readonly probe: SystemProbe;
}

/** The system packages knhk's own tests use (installed by `.ci/run`). */
export const SYSTEM_PACKAGES = Object.freeze({
  /** The OpenCL ICD loader, which the addon opens with dlopen. */
  openclLoader: {
    name: 'ocl-icd-libopencl1',
    provides: 'the OpenCL ICD loader (libOpenCL.so.1)',
    probe: { library: 'libOpenCL.so.1' },
  },
  /** PoCL, an OpenCL driver on the CPU (two devices with POCL_DEVICES, fp64, correctly rounded division). */
  pocl: {
    name: 'pocl-opencl-icd',
    provides: 'PoCL, the OpenCL driver on the CPU',
    probe: { file: '/etc/OpenCL/vendors/pocl.icd' },
  },
  /** SIMDe headers: the NEON and AVX-512 kernels built for x86 in the emulation addon. */
  simde: { name: 'libsimde-dev', provides: 'the SIMDe headers', probe: { header: 'simde/simde-common.h' } },
  /** OpenBLAS, the sgemm peer (opened with dlopen). */
  openblas: { name: 'libopenblas0', provides: 'OpenBLAS (libopenblas.so.0)', probe: { library: 'libopenblas.so.0' } },
  /** Hyperscan, the pattern-matching peer (opened with dlopen). */
  hyperscan: { name: 'libhyperscan5', provides: 'Hyperscan (libhs.so.5)', probe: { library: 'libhs.so.5' } },
} as const satisfies Record<string, SystemPackage>);

/** What the probes depend on: the architecture and the search-path variables. */
export interface ProbeEnvironment {
  /** `process.arch`. */
  readonly arch: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const MULTIARCH: Readonly<Record<string, string>> = {
  x64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
  ia32: 'i386-linux-gnu',
  arm: 'arm-linux-gnueabihf',
};

function pathList(value: string | undefined): string[] {
  return (value ?? '').split(':').filter((dir) => dir !== '');
}

/** The paths where the probe's file may be, in search order. */
export function probeCandidates(probe: SystemProbe, where: ProbeEnvironment): string[] {
  if ('file' in probe) return [probe.file];
  const triplet = MULTIARCH[where.arch];
  const join = (dir: string, name: string) => `${dir.replace(/\/+$/, '')}/${name}`;
  if ('library' in probe) {
    const system = ['/lib', '/usr/lib', '/lib64', '/usr/lib64', '/usr/local/lib'];
    const multiarch = triplet === undefined ? [] : [`/lib/${triplet}`, `/usr/lib/${triplet}`];
    const dirs = [...pathList(where.env.LD_LIBRARY_PATH), ...multiarch, ...system];
    return [...new Set(dirs)].map((dir) => join(dir, probe.library));
  }
  const dirs = [
    ...pathList(where.env.CPATH),
    ...pathList(where.env.CPLUS_INCLUDE_PATH),
    ...pathList(where.env.C_INCLUDE_PATH),
    '/usr/local/include',
    ...(triplet === undefined ? [] : [`/usr/include/${triplet}`]),
    '/usr/include',
  ];
  return [...new Set(dirs)].map((dir) => join(dir, probe.header));
}

/** What the probe looks for, for messages: `libOpenCL.so.1 in the library folders`. */
export function describeProbe(probe: SystemProbe): string {
  if ('file' in probe) return probe.file;
  if ('library' in probe) return `${probe.library} in the library folders`;
  return `${probe.header} in the include folders`;
}

/** The one command that installs the packages: `apt-get install -y a b`. */
export function installCommand(packages: readonly SystemPackage[]): string {
  return `apt-get install -y ${[...new Set(packages.map((p) => p.name))].join(' ')}`;
}

/** Whether the `CI` variable is set: anything but empty, `0` or `false`. */
export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/** A package a suite needs, and whether its probe found it. */
export interface ProbedPackage {
  readonly package: SystemPackage;
  readonly found: boolean;
}

/** What to do with a suite. */
export type SuitePlan =
  | { readonly kind: 'run' }
  /** Not run: the packages are missing and CI is not set. */
  | {
      readonly kind: 'not-run';
      readonly title: string;
      readonly missing: readonly SystemPackage[];
      readonly install: string;
      readonly message: string;
    }
  /** CI is set and the packages are missing: the suite fails with `message`. */
  | {
      readonly kind: 'required';
      readonly title: string;
      readonly missing: readonly SystemPackage[];
      readonly install: string;
      readonly message: string;
    };

/** Runs the suite when every package was found; otherwise not run, or required when `ci`. */
export function planSuite(title: string, probed: readonly ProbedPackage[], ci: boolean): SuitePlan {
  const missing = probed.filter((p) => !p.found).map((p) => p.package);
  if (missing.length === 0) return { kind: 'run' };
  const install = installCommand(missing);
  const what = missing.map((p) => `${p.name} (${p.provides}: no ${describeProbe(p.probe)})`).join(', ');
  const message = ci
    ? `CI is set, so this suite is required, but it needs system packages that are missing: ${what}; install them with \`${install}\``
    : `not run: needs system packages that are missing: ${what}; install them with \`${install}\``;
  return { kind: ci ? 'required' : 'not-run', title, missing, install, message };
}

/** The lines that end a test run: every suite that did not run, and one install line for all. */
export function formatSuitesNotRun(plans: readonly Exclude<SuitePlan, { kind: 'run' }>[]): string {
  if (plans.length === 0) return '';
  const notRun = plans.filter((p) => p.kind === 'not-run');
  const required = plans.filter((p) => p.kind === 'required');
  const names = (p: { missing: readonly SystemPackage[] }) => p.missing.map((m) => m.name).join(', ');
  const lines: string[] = [];
  if (notRun.length > 0) {
    lines.push(`suites not run (system packages missing; with CI set they are required): ${notRun.length}`);
    for (const p of notRun) lines.push(`  - ${p.title}: needs ${names(p)}`);
  }
  if (required.length > 0) {
    lines.push(`suites FAILED because CI is set and system packages are missing: ${required.length}`);
    for (const p of required) lines.push(`  - ${p.title}: needs ${names(p)}`);
  }
  lines.push(`to run them: ${installCommand(plans.flatMap((p) => p.missing))}`);
  return `${lines.join('\n')}\n`;
}
