/**
 * A growing list of pattern matches: two parallel typed arrays (pattern ids and end
 * offsets) that double when full, finished into a `MatchList` of exactly `count` entries.
 */
import type { MatchList } from '@knhk/core';

const INITIAL_CAPACITY = 64;
const INSERTION_SORT_LIMIT = 16;

/** Collects matches in the order they are found. */
export class MatchListBuilder {
  private ids = new Uint32Array(INITIAL_CAPACITY);
  private ends = new Float64Array(INITIAL_CAPACITY);
  private size = 0;

  /** Number of matches so far. */
  get count(): number {
    return this.size;
  }

  /** Appends pattern `id` ending at byte offset `end` (exclusive). */
  push(id: number, end: number): void {
    if (this.size === this.ids.length) this.grow();
    this.ids[this.size] = id;
    this.ends[this.size] = end;
    this.size++;
  }

  /** Sorts the ids of the matches from index `from` on (all of which end at the same offset). */
  sortIdsFrom(from: number): void {
    const n = this.size - from;
    if (n < 2) return;
    if (n > INSERTION_SORT_LIMIT) {
      this.ids.subarray(from, this.size).sort();
      return;
    }
    const ids = this.ids;
    for (let i = from + 1; i < this.size; i++) {
      const id = ids[i];
      let j = i - 1;
      for (; j >= from && ids[j] > id; j--) ids[j + 1] = ids[j];
      ids[j + 1] = id;
    }
  }

  /** The matches as a MatchList (arrays of exactly `count` elements). */
  finish(): MatchList {
    return { count: this.size, ids: this.ids.slice(0, this.size), ends: this.ends.slice(0, this.size) };
  }

  private grow(): void {
    const ids = new Uint32Array(this.ids.length * 2);
    const ends = new Float64Array(this.ends.length * 2);
    ids.set(this.ids);
    ends.set(this.ends);
    this.ids = ids;
    this.ends = ends;
  }
}
