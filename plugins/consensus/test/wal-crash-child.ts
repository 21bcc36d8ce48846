/**
 * The child process of the kill -9 test: persists the Readys of a seeded generator into a
 * WalStorage and prints each step once `persist` has returned. Usage: node wal-crash-child.js <dir> <seed>.
 */
import { WalStorage } from '../src/index.js';
import { ReadyGenerator } from './storage-fixtures.js';

const [dir, seed] = process.argv.slice(2);
const storage = new WalStorage({ dir, segmentBytesMax: 4096 });
storage.load();
const generator = new ReadyGenerator(Number(seed));
for (let step = 0; ; step++) {
  storage.persist(generator.next());
  process.stdout.write(`${step}\n`);
}
