import type { BackendReport, DeviceInfo } from '@knhk/core';
import { defineCommand } from '../command.js';
import { frameworkFor } from '../framework-for-cli.js';
import { PLUGIN_PATH_OPTION, jsonOption } from '../parse.js';
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
export const detectCommand = defineCommand({
  words: ['detect'],
  summary: 'list every backend, available or not, with the reason and the devices found',
  options: { json: jsonOption('the backends'), 'plugin-path': PLUGIN_PATH_OPTION },
  examples: ['knhk detect', 'knhk detect --json --plugin-path ../my-backend'],
  async run({ values }, input) {
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
});
