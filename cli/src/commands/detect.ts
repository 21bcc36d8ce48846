import type { BackendReport, DeviceInfo } from '@knhk/core';
import type { Command } from '../command.js';
import { frameworkFor } from '../framework-for-cli.js';
import { FRAMEWORK_OPTIONS, parseCommandArgs } from '../parse.js';
import { formatBytes } from '../text-table.js';

function describeDevice(device: DeviceInfo): string {
  const parts = [`${device.id}: ${device.name} (${device.type}`];
  if (device.computeUnits !== undefined) parts.push(`, ${device.computeUnits} compute units`);
  if (device.memoryBytes !== undefined) parts.push(`, ${formatBytes(device.memoryBytes)}`);
  parts.push(')');
  if (device.features?.length) parts.push(` [${device.features.join(' ')}]`);
  if (device.emulated) parts.push(' EMULATED');
  return parts.join('');
}

function describeBackend(backend: BackendReport): string {
  const mark = backend.available ? 'yes' : 'no ';
  const lines = [`  ${mark}  ${backend.name.padEnd(12)} ${backend.reason}`];
  for (const device of backend.devices) lines.push(`                     ${describeDevice(device)}`);
  if (backend.available) lines.push(`                     capabilities: ${backend.capabilities.join(', ')}`);
  return lines.join('\n');
}

/** `knhk detect`: every known backend, available or not, with the reason and the devices found. */
export const detectCommand: Command = {
  words: ['detect'],
  usage: 'knhk detect [--json] [--plugin-path DIR]',
  summary: 'list every backend, available or not, with the reason and the devices found',
  async run(input) {
    const { values } = parseCommandArgs('detect', input.args, FRAMEWORK_OPTIONS, { min: 0, max: 0 });
    const framework = await frameworkFor(input, values['plugin-path']);
    try {
      const backends = framework.detect();
      if (values.json) {
        input.output.out(JSON.stringify({ backends }, null, 2));
      } else {
        const available = backends.filter((b) => b.available).length;
        input.output.out(`knhk: ${backends.length} backends known, ${available} available\n`);
        input.output.out(backends.map(describeBackend).join('\n'));
      }
      return 0;
    } finally {
      await framework.dispose();
    }
  },
};
