/**
 * Handles: objects a provider creates and owns (device buffers, compiled pattern sets, models).
 *
 * A handle names the provider that owns it. The framework routes every call that takes a
 * handle to that provider, so data can stay on a device across calls.
 */
export type HandleKind = 'buffer' | 'pattern-set' | 'mlp-model';

/** Something a provider created and owns. */
export interface KnhkHandle {
  /** What the handle is. */
  readonly kind: HandleKind;
  /** Name of the provider (plugin) that owns it. */
  readonly provider: string;
  /** True once released; using it then throws `KNHK_E_BUFFER_RELEASED`. */
  readonly released: boolean;
}

/** Element types a device buffer can hold. */
export type BufferDType = 'f32' | 'u8';

/** Memory owned by a provider, possibly on a device. Created by {@link DeviceMemory.allocate}. */
export interface DeviceBuffer extends KnhkHandle {
  readonly kind: 'buffer';
  /** Number of elements. */
  readonly length: number;
  /** Element type. */
  readonly dtype: BufferDType;
  /** Id of the device that holds it (one of the provider's detected devices). */
  readonly device: string;
}

/** True when `value` is a knhk handle (of any provider, from any copy of `@knhk/core`). */
export function isHandle(value: unknown): value is KnhkHandle {
  return (
    typeof value === 'object' &&
    value !== null &&
    !ArrayBuffer.isView(value) &&
    typeof (value as KnhkHandle).provider === 'string' &&
    typeof (value as KnhkHandle).kind === 'string'
  );
}
