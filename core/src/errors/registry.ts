/**
 * The catalogues of error codes known in this process: core's, and each plugin's, registered
 * when the plugin's catalogue is defined (`defineErrorCatalogue`) or the plugin is checked.
 * The registry lives on `globalThis` under a `Symbol.for` key, so every copy of `@knhk/core`
 * in a process sees the same catalogues.
 */
import { ERROR_CATALOGUE, type ErrorEntry } from './catalogue.js';

/** The owner of core's catalogue. */
export const CORE_CATALOGUE_OWNER = '@knhk/core';

/** The shape of an error code: `KNHK_E_<AREA>_<PROBLEM>`. */
export const ERROR_CODE_PATTERN = /^KNHK_E_[A-Z0-9]+_[A-Z0-9_]+$/;

/** One registered catalogue: who owns it (a package name) and its entries. */
export interface RegisteredCatalogue {
  readonly owner: string;
  readonly entries: Readonly<Record<string, ErrorEntry>>;
}

interface Registry {
  readonly catalogues: Map<string, RegisteredCatalogue>;
  readonly owners: Map<string, string>;
}

const REGISTRY_KEY = Symbol.for('knhk.errors.catalogues');

function registry(): Registry {
  const holder = globalThis as { [REGISTRY_KEY]?: Registry };
  holder[REGISTRY_KEY] ??= { catalogues: new Map(), owners: new Map() };
  return holder[REGISTRY_KEY];
}

/** Why `entries` cannot be a catalogue of `owner`, or undefined when it can. */
export function catalogueProblem(owner: string, entries: unknown): string | undefined {
  if (typeof owner !== 'string' || owner.length === 0) return 'the catalogue owner must be a package name';
  if (typeof entries !== 'object' || entries === null) return `the error catalogue of ${owner} must be an object`;
  const { owners } = registry();
  for (const [code, entry] of Object.entries(entries)) {
    if (!ERROR_CODE_PATTERN.test(code)) return `${owner}: error code "${code}" is not KNHK_E_<AREA>_<PROBLEM>`;
    const e = entry as Partial<ErrorEntry> | null;
    if (typeof e?.summary !== 'string' || typeof e.remedy !== 'string' || !e.summary || !e.remedy) {
      return `${owner}: error code ${code} needs a summary and a remedy`;
    }
    const other = owners.get(code);
    if (other !== undefined && other !== owner)
      return `${owner}: error code ${code} is already in the catalogue of ${other}`;
  }
  return undefined;
}

/**
 * Registers a catalogue (again, for the same owner: it replaces the earlier one, as a second
 * copy of a plugin module does). Returns the problem instead when it cannot be registered: a
 * code of the wrong shape or without summary and remedy, or one that another owner declares.
 */
export function registerErrorCatalogue(
  owner: string,
  entries: Readonly<Record<string, ErrorEntry>>,
): string | undefined {
  const problem = catalogueProblem(owner, entries);
  if (problem !== undefined) return problem;
  const { catalogues, owners } = registry();
  const earlier = catalogues.get(owner);
  for (const code of Object.keys(earlier?.entries ?? {})) owners.delete(code);
  const frozen = Object.freeze({ ...entries });
  catalogues.set(owner, Object.freeze({ owner, entries: frozen }));
  for (const code of Object.keys(frozen)) owners.set(code, owner);
  return undefined;
}

registerErrorCatalogue(CORE_CATALOGUE_OWNER, ERROR_CATALOGUE);

/** Every registered catalogue, core's first. */
export function errorCatalogues(): readonly RegisteredCatalogue[] {
  return [...registry().catalogues.values()].sort(
    (a, b) => Number(b.owner === CORE_CATALOGUE_OWNER) - Number(a.owner === CORE_CATALOGUE_OWNER),
  );
}

/** The entry of a code of any registered catalogue. */
export function errorEntry(code: string): ErrorEntry | undefined {
  const owner = registry().owners.get(code);
  return owner === undefined ? undefined : registry().catalogues.get(owner)?.entries[code];
}

/** The owner of the catalogue that declares a code. */
export function errorCodeOwner(code: string): string | undefined {
  return registry().owners.get(code);
}

/** True when a registered catalogue declares the code. */
export function isCataloguedCode(code: unknown): boolean {
  return typeof code === 'string' && registry().owners.has(code);
}
