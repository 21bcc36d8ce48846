/**
 * Every error catalogue (core's and each plugin's) against docs/errors.md, the types and the
 * sources: no undocumented code, no documented code missing, no code in two catalogues, each
 * code used by the sources of its owner, and every code the sources use catalogued.
 */
import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CORE_CATALOGUE_OWNER,
  ERROR_CATALOGUE,
  ERROR_CODES,
  type ErrorEntry,
  KnhkError,
  createFramework,
  defineErrorCatalogue,
  errorCatalogues,
  errorCodeOwner,
  isKnhkError,
} from '@knhk/core';
import cryptoPlugin, { CRYPTO_ERRORS, type CryptoErrorCode, cryptoError } from '@knhk/plugin-crypto';
import marketplacePlugin, { MARKETPLACE_ERRORS, marketplaceError } from '@knhk/plugin-marketplace';
import consensusPlugin, { CONSENSUS_ERRORS, type ConsensusErrorCode } from '@knhk/plugin-consensus';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Each catalogue: its owner, entries, the folders of its sources and its emitted declarations. */
const CATALOGUES = [
  {
    owner: CORE_CATALOGUE_OWNER,
    entries: ERROR_CATALOGUE as Readonly<Record<string, ErrorEntry>>,
    file: 'core/src/errors/catalogue.ts',
    dts: 'core/dist/src/errors/catalogue.d.ts',
    sources: ['core/src', 'host/src', 'native/src', 'backends', 'plugin-sdk/src', 'benchmarks/src', 'cli/src'],
  },
  ...[
    ['crypto', CRYPTO_ERRORS],
    ['marketplace', MARKETPLACE_ERRORS],
    ['consensus', CONSENSUS_ERRORS],
  ].map(([dir, catalogue]) => ({
    owner: (catalogue as typeof CRYPTO_ERRORS).owner,
    entries: (catalogue as typeof CRYPTO_ERRORS).entries as Readonly<Record<string, ErrorEntry>>,
    file: `plugins/${String(dir)}/src/errors.ts`,
    dts: `plugins/${String(dir)}/dist/src/errors.d.ts`,
    sources: [`plugins/${String(dir)}/src`],
  })),
];

/** The codes docs/errors.md documents, with the owner of the section each is in. */
function documentedCodes(): Map<string, ErrorEntry & { owner: string }> {
  const text = readFileSync(`${root}docs/errors.md`, 'utf8');
  const entries = new Map<string, ErrorEntry & { owner: string }>();
  let owner = CORE_CATALOGUE_OWNER;
  for (const section of text.split(/^## /m).slice(1)) {
    const heading = section.split('\n')[0].trim();
    if (heading.startsWith('@')) owner = heading;
    for (const entry of section.split(/^### /m).slice(1)) {
      const [code, ...rest] = entry.split('\n');
      const [summary, remedyLine] = rest.join('\n').trim().split(/\n\n/);
      expect(entries.has(code.trim()), `${code} documented twice`).to.equal(false);
      entries.set(code.trim(), {
        owner,
        summary: summary.trim(),
        remedy: (remedyLine ?? '').replace(/^What to do: /, '').trim(),
      });
    }
  }
  return entries;
}

const SOURCE_FILE = /\.(ts|cc|h|cl)$/;

function sourceFiles(folder: string): string[] {
  const full = `${root}${folder}`;
  const files: string[] = [];
  for (const name of readdirSync(full)) {
    if (name === 'node_modules' || name === 'dist' || name === 'build' || name === 'test') continue;
    const entry = path.join(full, name);
    if (statSync(entry).isDirectory()) files.push(...sourceFiles(path.relative(root, entry)));
    else if (SOURCE_FILE.test(name) && !name.endsWith('.d.ts')) files.push(path.relative(root, entry));
  }
  return files;
}

/**
 * The codes used in a source file (whole codes only, not prefixes such as KNHK_E_ARG_); the
 * `@example` blocks of TSDoc comments (which show made-up plugin codes) do not count.
 */
function codesIn(file: string): string[] {
  const text = readFileSync(`${root}${file}`, 'utf8').replace(/@example[\s\S]*?\*\//g, '*/');
  return (text.match(/KNHK_E_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []).filter((code) => !code.endsWith('_'));
}

describe('error catalogues: core and every plugin', () => {
  it('the registry holds core and each plugin catalogue, and each plugin declares its own', () => {
    const owners = errorCatalogues().map((c) => c.owner);
    expect(owners[0]).to.equal(CORE_CATALOGUE_OWNER);
    for (const owner of ['@knhk/plugin-crypto', '@knhk/plugin-marketplace', '@knhk/plugin-consensus']) {
      expect(owners).to.include(owner);
    }
    for (const [plugin, catalogue] of [
      [cryptoPlugin, CRYPTO_ERRORS],
      [marketplacePlugin, MARKETPLACE_ERRORS],
      [consensusPlugin, CONSENSUS_ERRORS],
    ] as const) {
      expect(plugin.errors).to.equal(catalogue);
      expect(plugin.manifest.errors).to.deep.equal(catalogue.codes);
      for (const code of catalogue.codes) expect(ERROR_CODES as readonly string[]).not.to.include(code);
    }
  });

  it('docs/errors.md documents exactly the codes of each catalogue, in its section, with the same summary and remedy', () => {
    const documented = documentedCodes();
    const all = CATALOGUES.flatMap((c) => Object.keys(c.entries));
    expect([...documented.keys()].sort()).to.deep.equal([...all].sort());
    for (const catalogue of CATALOGUES) {
      const inSection = [...documented].filter(([, d]) => d.owner === catalogue.owner).map(([code]) => code);
      expect(inSection, catalogue.owner).to.deep.equal(Object.keys(catalogue.entries));
      for (const [code, entry] of Object.entries(catalogue.entries)) {
        const { owner: _owner, ...doc } = documented.get(code)!;
        expect(doc, code).to.deep.equal({ summary: entry.summary, remedy: entry.remedy });
      }
    }
  });

  it("no code is in two catalogues, and a catalogue that declares another one's code is refused", () => {
    const all = CATALOGUES.flatMap((c) => Object.keys(c.entries));
    expect(new Set(all).size).to.equal(all.length);
    for (const c of CATALOGUES)
      for (const code of Object.keys(c.entries)) expect(errorCodeOwner(code)).to.equal(c.owner);
    expect(() => defineErrorCatalogue('@acme/copycat', { KNHK_E_LICENSE_KEY: { summary: 'x', remedy: 'y' } })).to.throw(
      /KNHK_E_PLUGIN_MANIFEST_INVALID.*already in the catalogue of @knhk\/plugin-marketplace/,
    );
    expect(() => defineErrorCatalogue('@acme/bad', { KNHK_E_lower: { summary: 'x', remedy: 'y' } })).to.throw(
      /KNHK_E_PLUGIN_MANIFEST_INVALID/,
    );
  });

  it("the types name every code: the emitted declarations, and each constructor takes only its own codes and core's", () => {
    for (const c of CATALOGUES) {
      const dts = readFileSync(`${root}${c.dts}`, 'utf8');
      // Core's entries are keys of the catalogue's type; a plugin's codes are its union's members.
      for (const code of Object.keys(c.entries)) expect(dts, `${c.dts}: ${code}`).to.match(new RegExp(`${code}["':]`));
    }
    const crypto: CryptoErrorCode = 'KNHK_E_CRYPTO_KEY_INVALID';
    const consensus: readonly ConsensusErrorCode[] = CONSENSUS_ERRORS.codes;
    expect(consensus).to.include('KNHK_E_CONSENSUS_NOT_LEADER');
    const made = [
      cryptoError(crypto, 'bad key'),
      cryptoError('KNHK_E_ARG_LENGTH', 'core codes too'),
      // @ts-expect-error a marketplace code is not a crypto code
      cryptoError('KNHK_E_LICENSE_KEY', 'x'),
      // @ts-expect-error core's constructor takes core's codes; a plugin's go through its catalogue
      new KnhkError('KNHK_E_CRYPTO_KEY_INVALID', 'x'),
    ];
    expect(made.map((e) => e.code)).to.deep.equal([
      'KNHK_E_CRYPTO_KEY_INVALID',
      'KNHK_E_ARG_LENGTH',
      'KNHK_E_LICENSE_KEY',
      'KNHK_E_CRYPTO_KEY_INVALID',
    ]);
  });

  it('each code is used by the sources of its owner, and every code the sources use is catalogued', () => {
    const catalogued = new Set(CATALOGUES.flatMap((c) => Object.keys(c.entries)));
    for (const c of CATALOGUES) {
      const files = c.sources.flatMap(sourceFiles).filter((f) => f !== c.file);
      const used = new Set<string>();
      for (const file of files) {
        for (const code of codesIn(file)) {
          expect(catalogued.has(code), `${file} uses ${code}, which no catalogue has`).to.equal(true);
          used.add(code);
        }
      }
      for (const code of Object.keys(c.entries))
        expect(used.has(code), `${c.owner}: ${code} is never used`).to.equal(true);
    }
  });

  it('a plugin error is a KnhkError with its code, remedy and details, recognised like a core one', async () => {
    const error = marketplaceError('KNHK_E_LICENSE_KEY', 'key.json: no publicKey', { file: 'key.json' });
    expect(error).to.be.instanceOf(KnhkError);
    expect(error.message).to.equal(
      `KNHK_E_LICENSE_KEY: key.json: no publicKey. ${MARKETPLACE_ERRORS.entries.KNHK_E_LICENSE_KEY.remedy}`,
    );
    expect(error.details).to.deep.equal({ file: 'key.json' });
    expect(isKnhkError(error, 'KNHK_E_LICENSE_KEY')).to.equal(true);
    expect(isKnhkError({ code: 'KNHK_E_CONSENSUS_NOT_LEADER' })).to.equal(true);
    expect(isKnhkError({ code: 'KNHK_E_NOT_A_CODE' })).to.equal(false);
    // Through the public API: the crypto plugin's signature capability refuses an unknown algorithm with its code.
    const knhk = await createFramework({ plugins: [cryptoPlugin], discover: false, wisdomPath: false });
    try {
      knhk.get('signature').keygen('RSA-2048');
      expect.fail('an unknown algorithm must be refused');
    } catch (thrown) {
      expect(isKnhkError(thrown, 'KNHK_E_CRYPTO_ALGORITHM_UNKNOWN'), String(thrown)).to.equal(true);
    } finally {
      await knhk.dispose();
    }
  });
});
