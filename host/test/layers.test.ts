/**
 * The layers of the monorepo, read from every workspace's package.json and the import
 * statements of its src/ files: core depends on no knhk package; @knhk/host on core alone;
 * no backend (backends/*, native) depends on or imports another backend package.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

/** What one workspace declares and imports. */
interface Workspace {
  /** Folder relative to the repository root, e.g. `backends/cpu`. */
  readonly folder: string;
  readonly name: string;
  /** Packages of `dependencies` and `peerDependencies` (what it needs at run time). */
  readonly dependencies: readonly string[];
  /** Each bare module specifier imported by a src/ file, with the file. */
  readonly imports: readonly { readonly file: string; readonly specifier: string }[];
}

// host/dist/test/layers.test.js -> the repository root.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bexport\s+\*\s+from\s*)['"]([^'"]+)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The package a bare specifier names: `@scope/name` or `name` (subpaths dropped). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function readWorkspace(folder: string): Workspace {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, folder, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const imports = sourceFiles(path.join(ROOT, folder, 'src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT_SPECIFIER)]
      .map((match) => match[1])
      .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
      .map((specifier) => ({ file: path.relative(ROOT, file), specifier: packageOf(specifier) })),
  );
  return {
    folder,
    name: manifest.name,
    dependencies: [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})],
    imports,
  };
}

function isBackend(workspace: Workspace): boolean {
  return workspace.folder.startsWith('backends/') || workspace.folder === 'native';
}

/** Every break of the layering rules, one line each; empty when the layers hold. */
function layerViolations(workspaces: readonly Workspace[]): string[] {
  const violations: string[] = [];
  const uses = (w: Workspace): { what: string; pkg: string }[] => [
    ...w.dependencies.map((pkg) => ({ what: `${w.folder}/package.json depends on`, pkg })),
    ...w.imports.map(({ file, specifier }) => ({ what: `${file} imports`, pkg: specifier })),
  ];
  for (const w of workspaces) {
    for (const { what, pkg } of uses(w)) {
      if (w.name === '@knhk/core' && pkg.startsWith('@knhk/'))
        violations.push(`${what} ${pkg}: core depends on no knhk package`);
      if (w.name === '@knhk/host' && pkg !== '@knhk/core') {
        violations.push(`${what} ${pkg}: @knhk/host depends on @knhk/core only`);
      }
      if (isBackend(w) && pkg.startsWith('@knhk/backend-') && pkg !== w.name) {
        violations.push(`${what} ${pkg}: no backend depends on another backend`);
      }
    }
  }
  return [...new Set(violations)];
}

function workspaces(): Workspace[] {
  const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  return root.workspaces.map(readWorkspace);
}

describe('layers', () => {
  it('reads every workspace, the backends and @knhk/host among them', () => {
    const names = workspaces().map((w) => w.name);
    expect(names).to.include.members(['@knhk/core', '@knhk/host', '@knhk/backend-cpu', '@knhk/native']);
    const native = workspaces().find((w) => w.name === '@knhk/native');
    expect(native?.imports.map((i) => i.specifier)).to.include('@knhk/host');
  });

  it('holds: core on no knhk package, host on core alone, no backend on another backend', () => {
    const violations = layerViolations(workspaces());
    expect(violations, violations.join('\n')).to.deep.equal([]);
  });

  it('finds a backend that imports another backend, and host or core depending on more', () => {
    const planted: Workspace[] = [
      {
        folder: 'backends/opencl',
        name: '@knhk/backend-opencl',
        dependencies: ['@knhk/core'],
        imports: [{ file: 'backends/opencl/src/x.ts', specifier: '@knhk/backend-cpu' }],
      },
      { folder: 'native', name: '@knhk/native', dependencies: ['@knhk/backend-cpu'], imports: [] },
      { folder: 'host', name: '@knhk/host', dependencies: ['@knhk/core', 'left-pad'], imports: [] },
      {
        folder: 'core',
        name: '@knhk/core',
        dependencies: [],
        imports: [{ file: 'core/src/y.ts', specifier: '@knhk/host' }],
      },
    ];
    expect(layerViolations(planted)).to.deep.equal([
      'backends/opencl/src/x.ts imports @knhk/backend-cpu: no backend depends on another backend',
      'native/package.json depends on @knhk/backend-cpu: no backend depends on another backend',
      'host/package.json depends on left-pad: @knhk/host depends on @knhk/core only',
      'core/src/y.ts imports @knhk/host: core depends on no knhk package',
    ]);
  });
});
