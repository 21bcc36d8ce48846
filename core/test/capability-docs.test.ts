import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPUTE_CAPABILITIES, MODULE_CAPABILITIES } from '../src/capabilities/names.js';
import { OPERATIONS } from '../src/framework/operations.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

/** Markdown text without its fenced code blocks. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
}

/** The identifiers in the headings of a Markdown text (code blocks left out). */
function headingWords(markdown: string): Set<string> {
  const words = new Set<string>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.*)$/gm)) {
    for (const word of match[1].match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) words.add(word);
  }
  return words;
}

/** The names that no heading of `markdown` contains. */
function missingSections(markdown: string, names: readonly string[]): string[] {
  const words = headingWords(markdown);
  return names.filter((name) => !words.has(name));
}

const IN_FLIGHT = /<!-- in-flight -->([\s\S]*?)<!-- \/in-flight -->/;
const TOP_FOLDERS = ['core', 'host', 'backends', 'native', 'plugin-sdk', 'plugins', 'cli', 'benchmarks', 'docs'];

/** Repository paths written in backticks (`core/src/...`), outside code blocks. */
function backtickedPaths(markdown: string): string[] {
  const paths = new Set<string>();
  for (const match of withoutFences(markdown).matchAll(/`([^`\s]+)`/g)) {
    const token = match[1];
    if (/[*<>{}]/.test(token)) continue;
    if (TOP_FOLDERS.some((folder) => token === `${folder}/` || token.startsWith(`${folder}/`))) paths.add(token);
  }
  return [...paths];
}

/**
 * Paths ARCHITECTURE.md names that do not exist. A path may be missing only while the page's
 * in-flight note (between `<!-- in-flight -->` markers) names it: the note describes refactors
 * before they land, and is removed when they have.
 */
function missingPaths(markdown: string, exists: (file: string) => boolean): string[] {
  const pending = new Set(backtickedPaths(IN_FLIGHT.exec(markdown)?.[1] ?? ''));
  return backtickedPaths(markdown).filter((file) => !exists(file) && !pending.has(file));
}

describe('capability docs', () => {
  for (const capability of COMPUTE_CAPABILITIES) {
    it(`docs/capabilities/${capability}.md has a section per ${capability} operation`, () => {
      const operations = Object.keys(OPERATIONS[capability]);
      expect(operations.length, capability).to.be.greaterThan(0);
      expect(missingSections(read(`docs/capabilities/${capability}.md`), operations)).to.deep.equal([]);
    });
  }

  it('docs/capabilities/modules.md has a section per module capability', () => {
    expect(missingSections(read('docs/capabilities/modules.md'), MODULE_CAPABILITIES)).to.deep.equal([]);
  });

  it('the index links every capability page', () => {
    const index = read('docs/capabilities/README.md');
    for (const page of [...COMPUTE_CAPABILITIES, 'modules']) expect(index, page).to.include(`(${page}.md)`);
  });

  it('a page without a section for an operation fails the check', () => {
    const page = '# `vector`\n\n### `add`, `sub`\n\n```ts\n// ### dot\n```\n\nThe `dot` product.\n';
    expect(missingSections(page, ['add', 'sub', 'dot'])).to.deep.equal(['dot']);
  });
});

describe('ARCHITECTURE.md', () => {
  const page = read('ARCHITECTURE.md');

  it('names files and folders that exist (or that its in-flight note says are coming)', () => {
    const named = backtickedPaths(page);
    expect(named.length, 'paths named in backticks').to.be.greaterThan(20);
    expect(missingPaths(page, (file) => existsSync(path.join(root, file)))).to.deep.equal([]);
  });

  it('a missing path fails the check unless the in-flight note names it', () => {
    const exists = (file: string): boolean => file === 'core/';
    const text =
      'See `core/` and `host/src/a.ts`.\n<!-- in-flight -->`host/src/a.ts`<!-- /in-flight -->\n`cli/gone.ts`';
    expect(missingPaths(text, exists)).to.deep.equal(['cli/gone.ts']);
    expect(missingPaths(text.replace(/<!-- in-flight -->.*<!-- \/in-flight -->/, ''), exists)).to.deep.equal([
      'host/src/a.ts',
      'cli/gone.ts',
    ]);
  });
});
