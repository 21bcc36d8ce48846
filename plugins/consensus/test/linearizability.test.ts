import { expect } from 'chai';
import { checkLinearizability, type KvOperation } from '../src/index.js';

const put = (key: string, value: string, callMs: number, returnMs: number, client = 0): KvOperation => ({
  client,
  kind: 'put',
  key,
  value,
  callMs,
  returnMs,
});
const get = (key: string, value: string | null, callMs: number, returnMs: number, client = 1): KvOperation => ({
  client,
  kind: 'get',
  key,
  value,
  callMs,
  returnMs,
});
const check = (history: KvOperation[], maxSteps = 100_000) => checkLinearizability(history, { maxSteps }).result;

describe('linearizability checker', () => {
  it('accepts the empty history and a sequential one', () => {
    expect(check([])).to.equal('ok');
    expect(check([get('a', null, 0, 1), put('a', '1', 2, 3), get('a', '1', 4, 5)])).to.equal('ok');
  });

  it('rejects a stale read', () => {
    const history = [put('a', '1', 0, 10), put('a', '2', 20, 30), get('a', '1', 40, 50)];
    expect(checkLinearizability(history, { maxSteps: 1000 })).to.include({ result: 'violation', key: 'a' });
  });

  it('accepts either order of overlapping operations, but not a value going back', () => {
    const base = [put('a', '1', 0, 100), get('a', null, 10, 20, 1), get('a', '1', 30, 40, 2)];
    expect(check(base)).to.equal('ok');
    expect(check([...base, get('a', null, 50, 60, 3)])).to.equal('violation');
  });

  it('lets a put of unknown outcome take effect at any later time, or never', () => {
    const open = put('a', 'x', 0, Infinity);
    expect(check([open, get('a', null, 10, 20), get('a', 'x', 500, 510)])).to.equal('ok');
    expect(check([open, get('a', null, 10, 20)])).to.equal('ok');
    expect(check([open, get('a', 'x', 10, 20), get('a', null, 30, 40)])).to.equal('violation');
  });

  it('rejects a read of a value nobody wrote', () => {
    expect(check([put('a', '1', 0, 10), get('a', '7', 20, 30)])).to.equal('violation');
  });

  it('checks keys independently and names the failing one', () => {
    const history = [put('a', '1', 0, 10), get('a', '1', 20, 30), put('b', '1', 0, 10), get('b', null, 20, 30)];
    expect(checkLinearizability(history, { maxSteps: 1000 })).to.include({ result: 'violation', key: 'b' });
  });

  it('says unknown, not ok, when its bound is hit', () => {
    const history: KvOperation[] = [];
    for (let i = 0; i < 12; i++) history.push(put('a', `${i}`, 0, 1000, i));
    history.push(get('a', 'nobody', 2000, 2010));
    expect(check(history, 50)).to.equal('unknown');
    expect(check(history, 10_000_000)).to.equal('violation');
  });
});
