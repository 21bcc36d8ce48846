import { expect } from 'chai';
import { SeededRandom, isKnhkError } from '@knhk/core';
import { MESSAGE_TYPES, type Message, decodeMessage, encodeMessage } from '../src/index.js';
import { entry } from './storage-fixtures.js';

/** One message of every variant, with entries carrying membership changes and a snapshot. */
export const EVERY_MESSAGE: readonly Message[] = [
  { type: 'preVote', from: 'n1', to: 'n2', term: 4, lastIndex: 10, lastTerm: 3, force: false },
  { type: 'vote', from: 'n1', to: 'n2', term: 2 ** 40, lastIndex: 2 ** 53 - 1, lastTerm: 7, force: true },
  { type: 'preVoteResponse', from: 'n2', to: 'n1', term: 4, granted: true },
  { type: 'voteResponse', from: 'n2', to: 'n1', term: 5, granted: false },
  {
    type: 'append',
    from: 'leader-ü',
    to: 'n3',
    term: 6,
    prevIndex: 9,
    prevTerm: 5,
    commit: 8,
    entries: [
      entry(10, 6, 0),
      entry(11, 6, 100, { type: 'add', node: 'n4' }),
      entry(12, 6, 3, { type: 'remove', node: 'n2' }),
    ],
  },
  { type: 'append', from: 'n1', to: 'n3', term: 6, prevIndex: 12, prevTerm: 6, commit: 12, entries: [] },
  { type: 'appendResponse', from: 'n3', to: 'n1', term: 6, success: false, index: 9, hint: 4 },
  { type: 'heartbeat', from: 'n1', to: 'n2', term: 6, commit: 12, seq: 99 },
  { type: 'heartbeatResponse', from: 'n2', to: 'n1', term: 6, seq: 99 },
  {
    type: 'snapshot',
    from: 'n1',
    to: 'n5',
    term: 7,
    snapshot: { index: 12, term: 6, voters: ['n1', 'n2', 'n3'], data: new Uint8Array(5000).fill(42) },
  },
  { type: 'timeoutNow', from: 'n1', to: 'n2', term: 7 },
];

const malformed = (bytes: Uint8Array) => {
  try {
    decodeMessage(bytes);
  } catch (error) {
    return isKnhkError(error, 'KNHK_E_CONSENSUS_MESSAGE_MALFORMED');
  }
  return false;
};

describe('consensus transport: message codec', () => {
  it('round-trips every message variant', () => {
    const types = new Set(EVERY_MESSAGE.map((m) => m.type));
    expect([...types].sort()).to.deep.equal(Object.keys(MESSAGE_TYPES).sort());
    for (const message of EVERY_MESSAGE) expect(decodeMessage(encodeMessage(message))).to.deep.equal(message);
  });

  it('rejects every truncation and a trailing byte with KNHK_E_CONSENSUS_MESSAGE_MALFORMED', () => {
    for (const message of EVERY_MESSAGE.filter((m) => m.type !== 'snapshot')) {
      const bytes = encodeMessage(message);
      for (let cut = 0; cut < bytes.length; cut++)
        expect(malformed(bytes.subarray(0, cut)), `${message.type} cut ${cut}`).to.equal(true);
      expect(malformed(Uint8Array.from([...bytes, 0]))).to.equal(true);
    }
  });

  it('rejects an unknown type, a boolean other than 0 or 1, an empty node id and a huge entry count', () => {
    const vote = encodeMessage(EVERY_MESSAGE[0]);
    expect(malformed(Uint8Array.from([99, ...vote.subarray(1)]))).to.equal(true);
    const badBool = vote.slice();
    badBool[badBool.length - 1] = 2;
    expect(malformed(badBool)).to.equal(true);
    const emptyFrom = encodeMessage({ type: 'timeoutNow', from: 'x', to: 'n2', term: 1 });
    expect(malformed(Uint8Array.from([emptyFrom[0], 0, 0, ...emptyFrom.subarray(4)]))).to.equal(true);
    const append = encodeMessage(EVERY_MESSAGE[5]);
    const huge = append.slice();
    huge.set([0xff, 0xff, 0xff, 0x7f], huge.length - 4);
    expect(malformed(huge)).to.equal(true);
  });

  it('random bytes and random bit flips either decode or throw the coded error, never anything else', () => {
    const random = new SeededRandom(7);
    const encoded = EVERY_MESSAGE.map(encodeMessage);
    for (let i = 0; i < 3000; i++) {
      let bytes: Uint8Array;
      if (i % 2 === 0) bytes = Uint8Array.from({ length: random.int(80) }, () => random.int(256));
      else {
        bytes = encoded[random.int(encoded.length)].slice();
        bytes[random.int(bytes.length)] ^= 1 << random.int(8);
      }
      try {
        decodeMessage(bytes);
      } catch (error) {
        expect(isKnhkError(error, 'KNHK_E_CONSENSUS_MESSAGE_MALFORMED'), String(error)).to.equal(true);
      }
    }
  });
});
