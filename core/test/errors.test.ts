import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_CATALOGUE, ERROR_CODES, KnhkError, isCallerError, isKnhkError } from '../src/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The codes documented in docs/errors.md, with their summary and remedy. */
function documentedCodes(): Map<string, { summary: string; remedy: string }> {
  const text = readFileSync(`${root}docs/errors.md`, 'utf8');
  const entries = new Map<string, { summary: string; remedy: string }>();
  for (const section of text.split(/^### /m).slice(1)) {
    const [code, ...rest] = section.split('\n');
    const body = rest.join('\n').split(/^## /m)[0].trim();
    const [summary, remedyLine] = body.split(/\n\n/);
    entries.set(code.trim(), {
      summary: summary.trim(),
      remedy: (remedyLine ?? '').replace(/^What to do: /, '').trim(),
    });
  }
  return entries;
}

describe('error catalogue', () => {
  it('docs/errors.md documents exactly the catalogued codes, with the same summary and remedy', () => {
    const documented = documentedCodes();
    expect([...documented.keys()]).to.deep.equal([...ERROR_CODES]);
    for (const code of ERROR_CODES) {
      expect(documented.get(code), code).to.deep.equal(ERROR_CATALOGUE[code]);
    }
  });

  it('the emitted type declarations name every code', () => {
    const dts = readFileSync(`${root}core/dist/src/errors/catalogue.d.ts`, 'utf8');
    for (const code of ERROR_CODES) expect(dts, code).to.include(`${code}:`);
  });

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
});
