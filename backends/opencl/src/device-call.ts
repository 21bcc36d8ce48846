/**
 * One compute call on a device: its operands placed in device memory and its result brought
 * back. Host arrays are uploaded (only the window the call reads) into pooled temporaries,
 * outputs for host arrays come back with a blocking read, and the temporaries return to the
 * pool when the call ends. The queue is in order, so a temporary reused by the next call is
 * only written after this call's kernels have read it.
 */
import { KnhkError, type BufferDType, type Strided } from '@knhk/core';
import type { OpenClMem } from '@knhk/native';
import type { PooledBlock } from './buffer-pool.js';
import { INDEX_MAX } from './index-limits.js';
import { type OpenClBuffer, type OpenClBuffers, elementBytes } from './opencl-buffer.js';
import type { OpenClDevice } from './opencl-device.js';

/** Where an operand's elements are: a buffer, the first element and the distance between elements. */
export interface DeviceOperand {
  readonly mem: OpenClMem;
  readonly offset: number;
  readonly stride: number;
}

type HostArray = Float32Array | Uint8Array;

/** An output placed on the device, and how to hand it back once the kernels are queued. */
export interface DeviceOutput<R> {
  readonly operand: DeviceOperand;
  /** The result: the out array or buffer, or the new one. Reads back (blocking) for host arrays. */
  finish(): R;
}

/** The temporaries and operands of one call. */
export class DeviceCall {
  private readonly temporaries: PooledBlock[] = [];
  /** Host data whose copy to the device is enqueued but not known to be done. */
  private pendingWrites = false;

  constructor(
    readonly device: OpenClDevice,
    readonly op: string,
  ) {}

  /** Device memory for the call's own use, returned to the pool at the end of the call. */
  temporary(bytes: number): PooledBlock {
    const block = this.device.pool.acquire(this.op, bytes);
    this.temporaries.push(block);
    return block;
  }

  /** An input operand of `n` elements at `placement`: a buffer of this device as is, a host array uploaded. */
  input(name: string, value: HostArray | OpenClBuffer, placement: Strided | undefined, n: number): DeviceOperand {
    const offset = placement?.offset ?? 0;
    const stride = placement?.stride ?? 1;
    if (offset > INDEX_MAX || stride > INDEX_MAX) {
      const fits = `${name}'s offset ${offset} and stride ${stride} must be below 2^32: the OpenCL kernels index with 32-bit unsigned integers`;
      throw new KnhkError(
        'KNHK_E_CALL_UNSUPPORTED',
        `${this.op}: provider "opencl" does not support this call (${fits})`,
        {
          op: this.op,
          provider: 'opencl',
        },
      );
    }
    if (!ArrayBuffer.isView(value)) return { mem: this.onDevice(name, value).mem, offset, stride };
    const window = n === 0 ? value.subarray(0, 0) : value.subarray(offset, offset + (n - 1) * stride + 1);
    return { mem: this.upload(window), offset: 0, stride };
  }

  /** A whole host array (or buffer) on the device, at its own offsets. */
  whole(name: string, value: HostArray | OpenClBuffer, elements: number): DeviceOperand {
    if (!ArrayBuffer.isView(value)) return { mem: this.onDevice(name, value).mem, offset: 0, stride: 1 };
    return { mem: this.upload(value.subarray(0, elements)), offset: 0, stride: 1 };
  }

  /**
   * Where the call writes `n` elements of `dtype`: into `out` at `placement` (a buffer on the
   * device, a host array by reading back and scattering), else into a new buffer when the
   * first operand is a buffer, else into a new host array.
   */
  output<R>(
    buffers: OpenClBuffers,
    dtype: BufferDType,
    firstIsBuffer: boolean,
    out: HostArray | OpenClBuffer | undefined,
    placement: Strided | undefined,
    n: number,
  ): DeviceOutput<R> {
    if (out !== undefined && !ArrayBuffer.isView(out)) {
      const operand = {
        mem: this.onDevice('out', out).mem,
        offset: placement?.offset ?? 0,
        stride: placement?.stride ?? 1,
      };
      return { operand, finish: () => out as R };
    }
    if (out === undefined && firstIsBuffer) {
      const created = buffers.allocate(this.op, this.device, n, dtype, false);
      return { operand: { mem: created.mem, offset: 0, stride: 1 }, finish: () => created as R };
    }
    const block = this.temporary(n * elementBytes(dtype));
    const read = (): HostArray => {
      const dense = dtype === 'f32' ? new Float32Array(n) : new Uint8Array(n);
      return n === 0 ? dense : this.readSync(block.mem, dense);
    };
    const finish = (): R => {
      const dense = read();
      if (out === undefined) return dense as R;
      scatter(dense, out, placement);
      return out as R;
    };
    return { operand: { mem: block.mem, offset: 0, stride: 1 }, finish };
  }

  /** Waits for the queue and reads `target.byteLength` bytes of `mem` into it (every enqueued upload is then done too). */
  readSync<T extends ArrayBufferView>(mem: OpenClMem, target: T, byteOffset = 0): T {
    const result = this.device.context.readSync(mem, byteOffset, target);
    this.pendingWrites = false;
    return result;
  }

  /**
   * Gives the temporaries back to the pool. When uploads may still be pending (the call ended
   * without reading back), it first waits for them, so the caller's arrays are free to change.
   */
  close(): void {
    if (this.pendingWrites) this.device.context.finishSync();
    this.pendingWrites = false;
    for (const block of this.temporaries.splice(0)) this.device.pool.giveBack(block);
  }

  /** A temporary holding `data`; the copy is enqueued without waiting (see {@link close}). */
  private upload(data: HostArray): OpenClMem {
    const block = this.temporary(data.byteLength);
    if (data.length > 0) {
      this.device.context.write(block.mem, 0, data, false);
      this.pendingWrites = true;
    }
    return block.mem;
  }

  private onDevice(name: string, buffer: OpenClBuffer): OpenClBuffer {
    if (buffer.owner !== this.device) {
      throw new KnhkError(
        'KNHK_E_OPENCL_DEVICE_MISMATCH',
        `${this.op}: ${name} is on ${buffer.device}, this call runs on ${this.device.id} (where its other buffer, ` +
          `pattern set or model lives); copy ${name} there (memory.copyFromDevice(), then copyToDevice() into a ` +
          `buffer from memory.on('${this.device.id}'))`,
        { op: this.op, name, devices: [buffer.device, this.device.id] },
      );
    }
    return buffer;
  }
}

/** Writes `dense` into `out` at `placement`. */
function scatter(dense: HostArray, out: HostArray, placement: Strided | undefined): void {
  const offset = placement?.offset ?? 0;
  const stride = placement?.stride ?? 1;
  if (stride === 1) {
    out.set(dense, offset);
    return;
  }
  for (let i = 0, j = offset; i < dense.length; i++, j += stride) out[j] = dense[i];
}

/** Runs `body` with a call on `device`, returning its temporaries to the pool afterwards. */
export function onDevice<T>(device: OpenClDevice, op: string, body: (call: DeviceCall) => T): T {
  const call = new DeviceCall(device, op);
  try {
    return body(call);
  } finally {
    call.close();
  }
}

/** The kernel arguments of an operand: buffer, offset, stride. */
export function operandArgs(operand: DeviceOperand): [OpenClMem, number, number] {
  return [operand.mem, operand.offset, operand.stride];
}
