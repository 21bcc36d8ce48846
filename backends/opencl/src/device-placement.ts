/**
 * Which opened device runs a call: the one that holds the call's buffers, or the primary
 * device when every operand is a host array. Buffers of two devices in one call are
 * `KNHK_E_OPENCL_DEVICE_MISMATCH` (nothing is copied behind the caller's back: a copy between
 * devices goes through the host and would hide its cost).
 */
import { KnhkError } from '@knhk/core';
import { OpenClBuffer } from './opencl-buffer.js';
import type { OpenClDevice } from './opencl-device.js';

/** A named operand of a call: a host array, a buffer, a scalar or nothing. */
export type NamedOperand = readonly [name: string, value: unknown];

/**
 * The device that holds the call's buffers, else `primary`. Two operands on two devices:
 * `KNHK_E_OPENCL_DEVICE_MISMATCH` naming both.
 */
export function deviceOfOperands(op: string, primary: OpenClDevice, operands: readonly NamedOperand[]): OpenClDevice {
  let held: { name: string; buffer: OpenClBuffer } | undefined;
  for (const [name, value] of operands) {
    if (!(value instanceof OpenClBuffer)) continue;
    if (held === undefined) held = { name, buffer: value };
    else if (held.buffer.owner !== value.owner) throw mismatch(op, held, { name, buffer: value });
  }
  return held === undefined ? primary : held.buffer.owner;
}

function mismatch(
  op: string,
  first: { name: string; buffer: OpenClBuffer },
  second: { name: string; buffer: OpenClBuffer },
): KnhkError {
  return new KnhkError(
    'KNHK_E_OPENCL_DEVICE_MISMATCH',
    `${op}: ${first.name} is on ${first.buffer.device} and ${second.name} on ${second.buffer.device}; ` +
      `allocate both on one device with memory.on('${first.buffer.device}').allocate(), or copy ${second.name} ` +
      `there (memory.copyFromDevice(), then copyToDevice() into a buffer on ${first.buffer.device})`,
    { op, devices: [first.buffer.device, second.buffer.device] },
  );
}
