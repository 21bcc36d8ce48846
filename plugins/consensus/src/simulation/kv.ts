/**
 * The replicated key-value store of the simulator: commands as log entries, a map as state,
 * and snapshots as sorted JSON.
 */

/** A write carried by a log entry; `id` names the client operation. */
export interface PutCommand {
  readonly id: string;
  readonly key: string;
  readonly value: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The bytes of a put command. */
export function encodePut(command: PutCommand): Uint8Array {
  return encoder.encode(JSON.stringify(command));
}

/** The put command in an entry's data, or undefined for an empty entry. */
export function decodePut(data: Uint8Array): PutCommand | undefined {
  if (data.length === 0) return undefined;
  return JSON.parse(decoder.decode(data)) as PutCommand;
}

/** The key-value state machine. */
export class KvStore {
  private map = new Map<string, string>();

  get(key: string): string | null {
    return this.map.get(key) ?? null;
  }

  apply(command: PutCommand): void {
    this.map.set(command.key, command.value);
  }

  snapshot(): Uint8Array {
    const pairs = [...this.map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return encoder.encode(JSON.stringify(pairs));
  }

  restore(data: Uint8Array): void {
    this.map = new Map(data.length === 0 ? [] : (JSON.parse(decoder.decode(data)) as [string, string][]));
  }
}
