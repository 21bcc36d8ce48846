import { expect } from 'chai';
import { isKnhkError } from '@knhk/core';
import { consensusError } from '../src/errors.js';
import {
  KV_KEY_BYTES_MAX,
  KvStateMachine,
  decodeCommand,
  encodeCommand,
  errorFromWire,
  errorResponse,
  parseNodeArgs,
  parsePutBody,
  routeRequest,
} from '../src/index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isKnhkError(error) ? error.code : `uncoded: ${String(error)}`;
  }
  return undefined;
}

describe('consensus node: commands, API and options', () => {
  it('encodes and decodes puts, deletes and application payloads exactly', () => {
    for (const command of [
      { kind: 'put', key: 'k', value: 'v' },
      { kind: 'put', key: 'ключ ✓', value: '' },
      { kind: 'delete', key: 'a/b' },
    ] as const) {
      expect(decodeCommand(encodeCommand(command))).to.deep.equal(command);
    }
    const app = decodeCommand(encodeCommand({ kind: 'app', payload: Uint8Array.of(1, 2, 3) }));
    expect(app?.kind).to.equal('app');
    expect([...(app as { payload: Uint8Array }).payload]).to.deep.equal([1, 2, 3]);
    expect(decodeCommand(new Uint8Array(0))).to.equal(undefined);
  });

  it('refuses empty and oversized keys and non-string values with KNHK_E_CONSENSUS_BAD_REQUEST', () => {
    expect(codeOf(() => encodeCommand({ kind: 'put', key: '', value: 'v' }))).to.equal('KNHK_E_CONSENSUS_BAD_REQUEST');
    const long = 'x'.repeat(KV_KEY_BYTES_MAX + 1);
    expect(codeOf(() => encodeCommand({ kind: 'delete', key: long }))).to.equal('KNHK_E_CONSENSUS_BAD_REQUEST');
    const bad = { kind: 'put', key: 'k', value: 3 } as unknown as { kind: 'put'; key: string; value: string };
    expect(codeOf(() => encodeCommand(bad))).to.equal('KNHK_E_CONSENSUS_BAD_REQUEST');
  });

  it('applies commands in order and restores from its snapshot', () => {
    const kv = new KvStateMachine();
    kv.apply(1, { kind: 'put', key: 'b', value: '2' });
    kv.apply(2, { kind: 'put', key: 'a', value: '1' });
    expect(kv.apply(3, { kind: 'delete', key: 'b' })).to.equal(true);
    expect(kv.apply(4, { kind: 'delete', key: 'b' })).to.equal(false);
    const copy = new KvStateMachine();
    copy.restore(4, kv.snapshot());
    expect(copy.entries()).to.deep.equal([['a', '1']]);
    expect(copy.appliedIndex).to.equal(4);
  });

  it('routes the HTTP API and refuses anything else', () => {
    expect(routeRequest('PUT', '/v1/kv/a%2Fb')).to.deep.equal({ kind: 'put', key: 'a/b' });
    expect(routeRequest('GET', '/v1/kv/a?consistency=local')).to.deep.equal({
      kind: 'get',
      key: 'a',
      consistency: 'local',
    });
    expect(routeRequest('GET', '/v1/kv')).to.deep.equal({ kind: 'list', consistency: 'linearizable' });
    expect(routeRequest('GET', '/v1/status')).to.deep.equal({ kind: 'status' });
    for (const [method, target] of [
      ['POST', '/v1/kv/a'],
      ['GET', '/v1/kv/'],
      ['GET', '/v2/kv/a'],
      ['GET', '/v1/kv/a?consistency=stale'],
      ['GET', '/v1/kv/%E0%A4%A'],
    ]) {
      expect(
        codeOf(() => routeRequest(method, target)),
        `${method} ${target}`,
      ).to.equal('KNHK_E_CONSENSUS_BAD_REQUEST');
    }
    expect(parsePutBody('{"value":"x"}')).to.equal('x');
    expect(codeOf(() => parsePutBody('{"value":1}'))).to.equal('KNHK_E_CONSENSUS_BAD_REQUEST');
    expect(codeOf(() => parsePutBody('not json'))).to.equal('KNHK_E_CONSENSUS_BAD_REQUEST');
  });

  it('maps errors to statuses and back, keeping the leader hint', () => {
    const notLeader = consensusError('KNHK_E_CONSENSUS_NOT_LEADER', 'node n2 is a follower', {
      leader: 'n1',
      leaderUrl: 'http://127.0.0.1:1',
    });
    const { status, body } = errorResponse(notLeader);
    expect(status).to.equal(421);
    expect(body.error).to.deep.equal({
      code: 'KNHK_E_CONSENSUS_NOT_LEADER',
      message: 'node n2 is a follower',
      leader: 'n1',
      leaderUrl: 'http://127.0.0.1:1',
    });
    const back = errorFromWire(body.error, 'http://127.0.0.1:2');
    expect(back.code).to.equal('KNHK_E_CONSENSUS_NOT_LEADER');
    expect(back.details.leaderUrl).to.equal('http://127.0.0.1:1');
    expect(errorResponse(new Error('boom')).status).to.equal(500);
    expect(errorFromWire({ code: 'WHAT', message: 'x' }, 'e').code).to.equal('KNHK_E_CONSENSUS_UNREACHABLE');
  });

  it('parses node options, with defaults, and refuses bad ones with KNHK_E_CONSENSUS_CONFIG', () => {
    const options = parseNodeArgs([
      '--id',
      'n1',
      '--peers',
      'n1=127.0.0.1:7001,n2=10.0.0.2:7001',
      '--client-port',
      '8001',
    ]);
    expect(options.listen).to.deep.equal({ host: '127.0.0.1', port: 7001 });
    expect(options.client).to.deep.equal({ host: '127.0.0.1', port: 8001 });
    expect(options.clientUrls).to.deep.equal({ n1: 'http://127.0.0.1:8001' });
    expect(options.dataDir).to.equal('knhk-consensus-n1');
    expect(options.keyFile).to.equal(undefined);
    for (const args of [
      [],
      ['--id', 'n1'],
      ['--id', 'n3', '--peers', 'n1=127.0.0.1:7001'],
      ['--id', 'n1', '--peers', 'n1=127.0.0.1'],
      ['--id', 'n1', '--peers', 'n1=127.0.0.1:70000'],
      ['--id', 'n1', '--peers', 'n1=a:1,n1=b:2'],
      ['--id', 'n1', '--peers', 'n1=a:1', '--client-port', 'x'],
      ['--id', 'n1', '--peers', 'n1=a:1', '--bogus'],
      ['--id', 'n1', '--peers', 'n1=a:1', '--client-urls', 'n9=http://a:1'],
    ]) {
      expect(
        codeOf(() => parseNodeArgs(args)),
        args.join(' '),
      ).to.equal('KNHK_E_CONSENSUS_CONFIG');
    }
  });
});
