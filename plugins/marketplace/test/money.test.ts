import { expect } from 'chai';
import {
  USD,
  divideRoundHalfEven,
  formatDecimal,
  formatMinor,
  lineAmountMinor,
  parseDecimal,
  parsePrice,
  parseQuantity,
  taxMinor,
} from '../src/index.js';

describe('marketplace money', () => {
  it('rounds half to even, and only exact halves', () => {
    const cases: [bigint, bigint, bigint][] = [
      [5n, 10n, 0n], // 0.5 -> 0
      [15n, 10n, 2n], // 1.5 -> 2
      [25n, 10n, 2n], // 2.5 -> 2
      [26n, 10n, 3n],
      [24n, 10n, 2n],
      [-25n, 10n, -2n],
      [-35n, 10n, -4n],
      [-26n, 10n, -3n],
      [7n, 7n, 1n],
      [0n, 3n, 0n],
      [10n ** 30n + 5n, 10n, 10n ** 29n], // beyond 2^53: exact
    ];
    for (const [n, d, expected] of cases) expect(divideRoundHalfEven(n, d), `${n}/${d}`).to.equal(expected);
    expect(() => divideRoundHalfEven(1n, 0n)).to.throw(RangeError);
  });

  it('parses and formats decimals exactly, refusing floats, exponents and excess precision', () => {
    expect(parseDecimal('0.0005', 6)).to.equal(500n);
    expect(parseDecimal('12', 2)).to.equal(1200n);
    expect(parseDecimal('-3.50', 2)).to.equal(-350n);
    expect(parseDecimal('1.230000000', 2)).to.equal(123n); // trailing zeros are not precision
    for (const bad of ['1e3', '.5', '1.', '', ' 1', '0x10', 'NaN', '1,5', '--1']) {
      expect(() => parseDecimal(bad, 6), bad).to.throw(/not a plain decimal/);
    }
    expect(() => parseDecimal('0.0000001', 6)).to.throw(/more than 6 decimal places/);
    expect(formatDecimal(500n, 6)).to.equal('0.0005');
    expect(formatDecimal(-350n, 2, 2)).to.equal('-3.50');
    expect(formatMinor(123456789012345678901234567890n, USD)).to.equal('1234567890123456789012345678.90');
  });

  it('prices sub-cent unit prices exactly and rounds each line once, half to even', () => {
    // 1 call at $0.0005 = 0.05 cents -> 0; 10 calls = 0.5 cents -> 0 (even); 30 calls = 1.5 cents -> 2
    expect(lineAmountMinor(parseQuantity('1'), parsePrice('0.0005'), USD)).to.equal(0n);
    expect(lineAmountMinor(parseQuantity('10'), parsePrice('0.0005'), USD)).to.equal(0n);
    expect(lineAmountMinor(parseQuantity('30'), parsePrice('0.0005'), USD)).to.equal(2n);
    expect(lineAmountMinor(parseQuantity('50'), parsePrice('0.0005'), USD)).to.equal(2n); // 2.5 -> 2
    expect(lineAmountMinor(parseQuantity('0.25'), parsePrice('2.50'), USD)).to.equal(62n); // 62.5 -> 62
    // 0.1 + 0.2 style sums stay exact
    expect(lineAmountMinor(parseQuantity('3'), parsePrice('0.1'), USD)).to.equal(30n);
    // tax: 8.25% of $109.00 = 8.9925 -> 8.99; 5% of $0.10 = 0.5 cents -> 0; of $0.30 = 1.5 -> 2
    expect(taxMinor(10900n, 82500n)).to.equal(899n);
    expect(taxMinor(10n, 50000n)).to.equal(0n);
    expect(taxMinor(30n, 50000n)).to.equal(2n);
  });
});
