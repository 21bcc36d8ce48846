import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CORE_CATALOGUE_OWNER,
  ERROR_CATALOGUE,
  ERROR_CODES,
  KnhkError,
  defineErrorCatalogue,
  definePlugin,
  errorCatalogues,
  errorEntry,
  isCallerError,
  isKnhkError,
} from '../src/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('error catalogue', () => {
  // docs/errors.md against every catalogue (core's and each plugin's): cli/test/error-catalogues.test.ts.
  it('every code follows KNHK_E_<AREA>_<PROBLEM> and every code used in the sources is catalogued', () => {
    for (const code of ERROR_CODES) expect(code).to.match(/^KNHK_E_[A-Z]+_[A-Z_]+$/);
    const sources = [
      'core/src/framework/framework.ts',
      'core/src/framework/dispatch.ts',
      'core/src/capabilities/validate.ts',
    ];
    for (const file of sources) {
      for (const used of readFileSync(`${root}${file}`, 'utf8').match(/KNHK_E_[A-Z_]+/g) ?? []) {
        expect(ERROR_CODES as readonly string[], `${file} uses ${used}`).to.include(used);
      }
    }
  });

  it('a KnhkError carries its code, details and the remedy in its message', () => {
    const error = new KnhkError('KNHK_E_ARG_LENGTH', 'vector.add: b has 3 elements, a has 4', { name: 'b' });
    expect(error.code).to.equal('KNHK_E_ARG_LENGTH');
    expect(error.details).to.deep.equal({ name: 'b' });
    expect(error.message).to.include('KNHK_E_ARG_LENGTH: vector.add: b has 3 elements');
    expect(error.message).to.include(ERROR_CATALOGUE.KNHK_E_ARG_LENGTH.remedy);
    expect(isKnhkError(error, 'KNHK_E_ARG_LENGTH')).to.equal(true);
    expect(isKnhkError(error, 'KNHK_E_ARG_TYPE')).to.equal(false);
  });

  it('recognises errors from another copy of core by their code, and only catalogued codes', () => {
    expect(isKnhkError({ code: 'KNHK_E_BUFFER_RELEASED', message: 'x' })).to.equal(true);
    expect(isKnhkError({ code: 'KNHK_E_NOT_A_CODE' })).to.equal(false);
    expect(isKnhkError(new Error('plain'))).to.equal(false);
    expect(isCallerError({ code: 'KNHK_E_BUFFER_FOREIGN' })).to.equal(true);
    expect(isCallerError({ code: 'KNHK_E_PROVIDER_FAILED' })).to.equal(false);
  });

  it('a plugin catalogue registers its codes: its errors carry the remedy and are knhk errors', () => {
    expect(errorCatalogues()[0].owner).to.equal(CORE_CATALOGUE_OWNER);
    const catalogue = defineErrorCatalogue('@test/knhk-errors', {
      KNHK_E_TESTPLUGIN_PROBE_LOST: { summary: 'The probe stopped answering.', remedy: 'Reconnect the probe.' },
    });
    expect(catalogue.codes).to.deep.equal(['KNHK_E_TESTPLUGIN_PROBE_LOST']);
    const error = catalogue.error('KNHK_E_TESTPLUGIN_PROBE_LOST', 'probe 2 timed out', { probe: 2 });
    expect(error.message).to.equal('KNHK_E_TESTPLUGIN_PROBE_LOST: probe 2 timed out. Reconnect the probe.');
    expect(isKnhkError(error, 'KNHK_E_TESTPLUGIN_PROBE_LOST')).to.equal(true);
    expect(errorEntry('KNHK_E_TESTPLUGIN_PROBE_LOST')?.summary).to.equal('The probe stopped answering.');
    expect(catalogue.error('KNHK_E_ARG_RANGE', 'core codes too').message).to.include(
      ERROR_CATALOGUE.KNHK_E_ARG_RANGE.remedy,
    );
    const plugin = definePlugin({
      name: 'probe',
      version: '1.0.0',
      errors: catalogue,
      providers: { tenancy: { useValue: { tenantOf: async (c: string) => c } } },
    });
    expect(plugin.manifest.errors).to.deep.equal(['KNHK_E_TESTPLUGIN_PROBE_LOST']);
  });

  it('refuses a catalogue with a core code, a malformed code or an entry without remedy', () => {
    const entry = { summary: 'x', remedy: 'y' };
    expect(() => defineErrorCatalogue('@test/dup', { KNHK_E_ARG_TYPE: entry })).to.throw(
      /already in the catalogue of @knhk\/core/,
    );
    expect(() => defineErrorCatalogue('@test/bad', { KNHK_E_X: entry })).to.throw(/KNHK_E_<AREA>_<PROBLEM>/);
    expect(() => defineErrorCatalogue('@test/bad', { KNHK_E_TEST_NO_REMEDY: { summary: 'x', remedy: '' } })).to.throw(
      /needs a summary and a remedy/,
    );
    expect(isKnhkError({ code: 'KNHK_E_TEST_NO_REMEDY' })).to.equal(false);
  });
});
