/** Where knhk reports what it does. Pass your own to `createFramework({ logger })`. */
export interface Logger {
  debug(message: string, details?: object): void;
  info(message: string, details?: object): void;
  warn(message: string, details?: object): void;
  error(message: string, details?: object): void;
}

/** Drops everything. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});

/**
 * The default: warnings and errors become Node process warnings (printed once per distinct
 * message, named "KnhkWarning"), so a fallback or an isolated plugin is never silent.
 */
export function processWarningLogger(): Logger {
  const seen = new Set<string>();
  const emit = (message: string): void => {
    if (seen.has(message)) return;
    seen.add(message);
    process.emitWarning(message, { type: 'KnhkWarning' });
  };
  return { debug() {}, info() {}, warn: emit, error: emit };
}
