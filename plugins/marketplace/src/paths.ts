/** Where the marketplace keeps its data by default: the user's data folder, only when a command needs it. */
import os from 'node:os';
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** `$XDG_DATA_HOME/knhk`, or `~/.local/share/knhk`. */
export function marketDataDir(env: Env = process.env): string {
  const base = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), '.local', 'share');
  return path.join(base, 'knhk');
}

/** `$KNHK_MARKET_DB`, or `market.db` in the data folder. */
export function defaultDatabasePath(env: Env = process.env): string {
  return env.KNHK_MARKET_DB || path.join(marketDataDir(env), 'market.db');
}

/**
 * The signing key file in the data folder: `license-signing-key.json` for Ed25519,
 * `license-signing-key.mldsa65-ed25519.json` for the composite algorithm.
 */
export function defaultKeyPath(env: Env = process.env, algorithm: 'ed25519' | 'composite' = 'ed25519'): string {
  const name = algorithm === 'composite' ? 'license-signing-key.mldsa65-ed25519.json' : 'license-signing-key.json';
  return path.join(marketDataDir(env), name);
}
