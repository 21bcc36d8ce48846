/**
 * Little-endian binary writing and reading, the base of the write-ahead log records and the
 * wire messages. Pure: no I/O. Integers above 32 bits are JavaScript safe integers written as
 * 64-bit values; strings are UTF-8 with a 16-bit length; byte arrays have a 32-bit length.
 */

/** Thrown by {@link ByteReader} and the decoders built on it; callers turn it into a coded error. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

const TWO_32 = 2 ** 32;
/** The largest high word of a safe integer (2^53 - 1 >> 32). */
const SAFE_HIGH_MAX = 2 ** 21 - 1;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function checkUnsigned(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what}: ${value} is out of range`);
}

/** Appends values to a growing buffer; {@link ByteWriter.finish} returns the bytes written. */
export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private length = 0;

  /**
   * `capacityBytes`: the initial buffer size; it grows as needed. Small buffers come from
   * Node's shared Buffer pool (cheap to allocate); only written bytes are ever exposed.
   */
  constructor(capacityBytes = 256) {
    this.buffer = Buffer.allocUnsafe(Math.max(16, capacityBytes));
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  /** An unsigned byte. */
  u8(value: number): this {
    checkUnsigned(value, 0xff, 'u8');
    this.reserve(1);
    this.view.setUint8(this.length, value);
    this.length += 1;
    return this;
  }

  /** An unsigned 16-bit integer. */
  u16(value: number): this {
    checkUnsigned(value, 0xffff, 'u16');
    this.reserve(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
    return this;
  }

  /** An unsigned 32-bit integer. */
  u32(value: number): this {
    checkUnsigned(value, 0xffffffff, 'u32');
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** A non-negative safe integer as 64 bits (low word first). */
  u64(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`u64: ${value} is not a non-negative safe integer`);
    this.u32(value % TWO_32);
    return this.u32(Math.floor(value / TWO_32));
  }

  /** A boolean as one byte, 0 or 1. */
  bool(value: boolean): this {
    return this.u8(value ? 1 : 0);
  }

  /** A 32-bit length, then the bytes. */
  bytes(value: Uint8Array): this {
    this.u32(value.length);
    return this.raw(value);
  }

  /** A 16-bit length, then the UTF-8 bytes. */
  str(value: string): this {
    const encoded = utf8Encoder.encode(value);
    if (encoded.length > 0xffff) throw new RangeError(`str: ${encoded.length} UTF-8 bytes exceed 65535`);
    this.u16(encoded.length);
    return this.raw(encoded);
  }

  /** The bytes as they are, without a length. */
  raw(value: Uint8Array): this {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.length;
  }

  /** The bytes written (a view of the internal buffer; the writer must not be used afterwards). */
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + bytes) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }
}

/** Reads values in order from bytes; every read checks the bounds and throws {@link DecodeError}. */
export class ByteReader {
  private readonly view: DataView;
  private offset = 0;

  constructor(private readonly input: Uint8Array) {
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.input.length - this.offset;
  }

  /** An unsigned byte. */
  u8(): number {
    this.need(1, 'u8');
    const value = this.view.getUint8(this.offset);
    this.offset += 1;
    return value;
  }

  /** An unsigned 16-bit integer. */
  u16(): number {
    this.need(2, 'u16');
    const value = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return value;
  }

  /** An unsigned 32-bit integer. */
  u32(): number {
    this.need(4, 'u32');
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  /** A 64-bit integer that must be a safe integer. */
  u64(): number {
    const low = this.u32();
    const high = this.u32();
    if (high > SAFE_HIGH_MAX) throw new DecodeError(`u64 at ${this.offset - 8} exceeds the safe integer range`);
    return high * TWO_32 + low;
  }

  /** A boolean byte; anything but 0 or 1 is malformed. */
  bool(): boolean {
    const value = this.u8();
    if (value > 1) throw new DecodeError(`boolean at ${this.offset - 1} is ${value}, not 0 or 1`);
    return value === 1;
  }

  /** A copy of a length-prefixed byte array (the copy lets the input buffer go). */
  bytes(): Uint8Array {
    const length = this.u32();
    return this.raw(length);
  }

  /** A length-prefixed UTF-8 string; invalid UTF-8 is malformed. */
  str(): string {
    const length = this.u16();
    const raw = this.raw(length);
    try {
      return utf8Decoder.decode(raw);
    } catch {
      throw new DecodeError(`string at ${this.offset - length} is not valid UTF-8`);
    }
  }

  /** A copy of the next `length` bytes. */
  raw(length: number): Uint8Array {
    this.need(length, 'bytes');
    const value = new Uint8Array(length); // a copy, and a plain Uint8Array even when reading a Buffer
    value.set(this.input.subarray(this.offset, this.offset + length));
    this.offset += length;
    return value;
  }

  /** Throws unless every byte was read. */
  end(): void {
    if (this.remaining !== 0) throw new DecodeError(`${this.remaining} trailing bytes at ${this.offset}`);
  }

  private need(bytes: number, what: string): void {
    if (this.remaining < bytes) {
      throw new DecodeError(`${what} at ${this.offset} needs ${bytes} bytes, ${this.remaining} left`);
    }
  }
}
