/**
 * Host arrays whose ArrayBuffer was transferred (postMessage, structuredClone with
 * `transfer`, ArrayBuffer.prototype.transfer) are detached: they read as empty and cannot be
 * viewed again, so uploading one to the device would fail deep inside a launch. The opencl
 * backend refuses them at the entry of each call with a coded error instead.
 */
import { KnhkError } from '@knhk/core';

/** True when the view's ArrayBuffer is detached. Cheap for a view with elements (they cannot be detached). */
export function isDetached(view: ArrayBufferView): boolean {
  if (view.byteLength !== 0) return false;
  const buffer = view.buffer as ArrayBufferLike & { readonly detached?: boolean };
  if (typeof buffer.detached === 'boolean') return buffer.detached;
  if (buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/** The view itself, or `KNHK_E_ARG_INVALID` saying what to pass instead when its ArrayBuffer is detached. */
export function attached<V extends ArrayBufferView>(op: string, name: string, view: V): V {
  if (!isDetached(view)) return view;
  throw new KnhkError(
    'KNHK_E_ARG_INVALID',
    `${op}: ${name} is a ${view.constructor.name} whose ArrayBuffer was transferred (detached); pass the array that now owns the data, or transfer a copy`,
    { op, name },
  );
}
