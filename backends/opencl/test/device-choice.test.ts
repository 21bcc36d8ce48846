/**
 * Choosing the device by measurement: the ordering is by the probe's median, and with
 * `devices: 'measured'` every device is opened, probed, and the order is logged with the figures.
 */
import { expect } from 'chai';
import { type Logger, PluginInstance } from '@knhk/core';
import { openclBackend, orderByProbe } from '../src/index.js';
import { describeWithSystemPackages } from '@knhk/plugin-sdk/mocha';
import { OPENCL_RUNTIME } from './opencl-runtime.js';

class Lines implements Logger {
  readonly info: (message: string) => void;
  readonly lines: string[] = [];
  constructor() {
    this.info = (message) => this.lines.push(message);
  }
  debug(): void {}
  warn(): void {}
  error(): void {}
}

describe('@knhk/backend-opencl: device choice', () => {
  it('orders devices by the probe, fastest first, unmeasured last', () => {
    const devices = [{ id: 'opencl:0:0' }, { id: 'opencl:1:0' }, { id: 'opencl:1:1' }];
    const probes = [
      { device: 'opencl:0:0', medianNs: 900 },
      { device: 'opencl:1:0', medianNs: 300 },
    ];
    expect(orderByProbe(devices, probes).map((d) => d.id)).to.deep.equal(['opencl:1:0', 'opencl:0:0', 'opencl:1:1']);
  });

  describeWithSystemPackages('@knhk/backend-opencl: device choice on the OpenCL runtime', OPENCL_RUNTIME, () => {
    it("devices: 'measured' probes every device and logs the order with its figures", async () => {
      const logger = new Lines();
      const instance = await PluginInstance.start(openclBackend, { options: { devices: 'measured' }, logger });
      try {
        expect(instance.status, instance.reason).to.equal('ready');
        const line = logger.lines.find((l) => l.startsWith('opencl: devices by measurement'));
        expect(line, logger.lines.join('\n')).to.match(/opencl:\d+:\d+ .+: \d+\.\d{3} ms/);
        expect(line).to.contain(instance.get('memory').info().device);
      } finally {
        await instance.dispose();
      }
    });
  });
});
