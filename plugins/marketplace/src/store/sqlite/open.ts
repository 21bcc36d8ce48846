/**
 * Opening the SQLite database: WAL journal, synchronous=FULL, migrations.
 *
 * Durability: an event is acknowledged only after its transaction commits. In WAL mode with
 * synchronous=FULL the WAL is fsynced at every commit, so an acknowledged event survives a
 * killed process and also a power loss or OS crash. (synchronous=NORMAL would survive
 * `kill -9`, since committed frames are already in the OS, but could lose the last commits
 * on power loss.) The cost is one fsync per transaction, which batching amortizes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describeError } from '@knhk/core';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { marketplaceError } from '../../errors.js';

export type SynchronousMode = 'FULL' | 'NORMAL';

export interface SqliteOptions {
  /** Default FULL (see above). */
  readonly synchronous?: SynchronousMode;
  /** How long to wait for a lock held by another connection. Default 5000. */
  readonly busyTimeoutMs?: number;
}

function migrate(db: Database.Database, file: string): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > SCHEMA_VERSION) {
    throw marketplaceError(
      'KNHK_E_STORE_SCHEMA',
      `${file} has schema version ${current}; this knhk knows up to ${SCHEMA_VERSION}`,
      { file, version: current },
    );
  }
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    try {
      db.transaction(() => {
        db.exec(MIGRATIONS[version - 1]);
        db.pragma(`user_version = ${version}`);
      }).immediate();
    } catch (error) {
      throw marketplaceError('KNHK_E_STORE_SCHEMA', `${file}: migration ${version} failed: ${describeError(error)}`, {
        file,
        version,
      });
    }
  }
}

/** Opens (creating when needed) and migrates the database at `file` (`:memory:` for a private one). */
export function openSqlite(file: string, options: SqliteOptions = {}): Database.Database {
  let db: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('foreign_keys = ON');
    db.defaultSafeIntegers(true);
  } catch (error) {
    throw marketplaceError('KNHK_E_STORE_OPEN', `cannot open ${file}: ${describeError(error)}`, { file });
  }
  try {
    migrate(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
