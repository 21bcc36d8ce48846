/**
 * Splits a byte stream into length-prefixed frames, pure: each frame is a u32 little-endian
 * length, then that many bytes. A length above the limit, or zero, is an error from which the
 * stream cannot recover (the framing is lost): the connection must be closed.
 */

/** What {@link FrameSplitter.push} found wrong. */
export type FrameError = { readonly kind: 'oversized'; readonly length: number } | { readonly kind: 'malformed' };

export const FRAME_LENGTH_BYTES = 4;

/** Reassembles frames from chunks. */
export class FrameSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** `frameBytesMax`: the largest frame accepted; it may be lowered later (see {@link setLimit}). */
  constructor(private frameBytesMax: number) {}

  /** Changes the largest frame accepted (a connection allows larger frames once authenticated). */
  setLimit(frameBytesMax: number): void {
    this.frameBytesMax = frameBytesMax;
  }

  /** Bytes received that do not make a whole frame yet. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Adds `chunk`; returns the whole frames now available, or the error that ends the stream. */
  push(chunk: Buffer): { frames: Buffer[]; error?: FrameError } {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    while (this.buffered >= FRAME_LENGTH_BYTES) {
      const head = this.peek(FRAME_LENGTH_BYTES);
      const length = head.readUInt32LE(0);
      if (length === 0) return { frames, error: { kind: 'malformed' } };
      if (length > this.frameBytesMax) return { frames, error: { kind: 'oversized', length } };
      if (this.buffered < FRAME_LENGTH_BYTES + length) break;
      const bytes = this.take(FRAME_LENGTH_BYTES + length);
      frames.push(bytes.subarray(FRAME_LENGTH_BYTES));
    }
    return { frames };
  }

  private peek(bytes: number): Buffer {
    if (this.chunks[0].length >= bytes) return this.chunks[0];
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  private take(bytes: number): Buffer {
    const head = this.peek(bytes);
    const taken = head.subarray(0, bytes);
    if (head.length === bytes) this.chunks.shift();
    else this.chunks[0] = head.subarray(bytes);
    this.buffered -= bytes;
    return taken;
  }
}

/** A frame on the wire: the u32 length of `body`, then `body`. */
export function frame(body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(FRAME_LENGTH_BYTES + body.length);
  out.writeUInt32LE(body.length, 0);
  out.set(body, FRAME_LENGTH_BYTES);
  return out;
}
