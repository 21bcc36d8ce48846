import cpuBackend from '@knhk/backend-cpu';
import { checkConformance, defineBackend, formatFailures } from '@knhk/plugin-sdk';
import { expect } from 'chai';

/**
 * A backend that scans but does not stream (as an FPGA matcher may): the cpu backend's pattern
 * kernels without openStream. The kit checks what it registers and calls nothing else, also
 * in its bad-input checks.
 */
const scanOnly = defineBackend({
  // The cpu pattern kernels mark their sets with the cpu backend's name, which the kit requires
  // a plugin's handles to carry: so this subset is named "cpu" too.
  name: 'cpu',
  version: '1.0.0',
  detect: (context) => cpuBackend.detect(context),
  register: (container, context) => cpuBackend.register?.(container, context),
  kernels: (cpuBackend.kernels ?? []).filter((k) => k.capability === 'pattern' && k.operation !== 'openStream'),
});

describe('a backend that registers pattern matching without streams', () => {
  it('passes the kit: the stream checks are not registered, the bad-input checks call only what it registers', async function () {
    this.timeout(120_000);
    const report = await checkConformance(scanOnly, { capabilities: ['pattern'] });
    expect(report.passed, formatFailures(report)).to.equal(true);
    const pattern = report.results.filter((r) => r.capability === 'pattern');
    const streams = pattern.filter((r) => r.id.startsWith('pattern.openStream'));
    expect(streams.length).to.be.greaterThan(0);
    for (const r of streams)
      expect(r.message, r.id).to.match(/^not registered: does not register pattern\.openStream$/);
    const rejections = pattern.filter((r) => /throws? KNHK_E_/.test(r.id));
    expect(rejections.length).to.equal(3);
    expect(rejections.every((r) => r.passed && r.skipped !== true)).to.equal(true);
  });
});
