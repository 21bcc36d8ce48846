/**
 * The bounded FIFO of encoded messages waiting for one peer's connection, pure. Bounded by
 * count and by bytes; O(1) to add and to take (a moving head, compacted as it advances).
 */

/** Messages waiting to be sent, oldest first. */
export class SendQueue {
  private items: Uint8Array[] = [];
  private head = 0;
  private bytesQueued = 0;

  constructor(
    private readonly messagesMax: number,
    private readonly bytesMax: number,
  ) {}

  /** Messages waiting. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Bytes waiting. */
  get bytes(): number {
    return this.bytesQueued;
  }

  /** Adds `message` at the end; false (and nothing added) when that would pass a bound. */
  push(message: Uint8Array): boolean {
    if (this.length >= this.messagesMax || this.bytesQueued + message.length > this.bytesMax) return false;
    this.items.push(message);
    this.bytesQueued += message.length;
    return true;
  }

  /** Takes the oldest message, or undefined when empty. */
  shift(): Uint8Array | undefined {
    if (this.head === this.items.length) return undefined;
    const message = this.items[this.head];
    this.head += 1;
    this.bytesQueued -= message.length;
    if (this.head === this.items.length) this.clear();
    else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return message;
  }

  /** Drops everything. */
  clear(): void {
    this.items = [];
    this.head = 0;
    this.bytesQueued = 0;
  }
}
