/**
 * Benchmarks of the crypto plugin: every operation of every parameter set, through a provider
 * of the `kem` and `signature` capabilities (the noble one by default), with the seed's
 * targets beside the figures: keygen <= 100 us, sign <= 500 us, signature <= 2.5 KB,
 * public key <= 2 KB (1 KB = 1000 bytes; the verdicts are the same with 1024).
 */
import { type Kem, type MeasureBudget, type SignatureScheme, formatNs, measure } from '@knhk/core';
import { KEM_ALGORITHMS, NobleKem, NobleSignatures, SIGNATURE_ALGORITHMS } from '@knhk/plugin-crypto';

/** The seed's targets. */
export const CRYPTO_TARGETS = Object.freeze({
  keygenNs: 100_000,
  signNs: 500_000,
  signatureBytes: 2_500,
  publicKeyBytes: 2_000,
});

/** One measured operation, with its target when the seed sets one. */
export interface CryptoBenchRow {
  readonly capability: 'kem' | 'signature';
  readonly algorithm: string;
  readonly operation: 'keygen' | 'encapsulate' | 'decapsulate' | 'sign' | 'verify';
  readonly medianNs: number;
  readonly meanNs: number;
  readonly opsPerSec: number;
  readonly samples: number;
  /** The target in ns, when the seed sets one for this operation. */
  readonly targetNs?: number;
  readonly holds?: boolean;
}

/** Sizes of one algorithm against the targets. */
export interface CryptoSizeRow {
  readonly algorithm: string;
  readonly publicKeyBytes: number;
  readonly publicKeyHolds: boolean;
  readonly signatureBytes?: number;
  readonly signatureHolds?: boolean;
  readonly cipherTextBytes?: number;
}

export interface CryptoBenchReport {
  readonly budget: MeasureBudget;
  readonly rows: readonly CryptoBenchRow[];
  readonly sizes: readonly CryptoSizeRow[];
}

export interface CryptoBenchOptions {
  readonly budget?: MeasureBudget;
  readonly kem?: Kem;
  readonly signature?: SignatureScheme;
  /** Only these algorithms (default: every one the providers list). */
  readonly algorithms?: readonly string[];
  readonly onRow?: (row: CryptoBenchRow) => void;
}

const message = new Uint8Array(256).map((_, i) => (i * 131 + 7) & 0xff);

function row(
  capability: CryptoBenchRow['capability'],
  algorithm: string,
  operation: CryptoBenchRow['operation'],
  m: Awaited<ReturnType<typeof measure>>,
): CryptoBenchRow {
  const targetNs =
    operation === 'keygen' ? CRYPTO_TARGETS.keygenNs : operation === 'sign' ? CRYPTO_TARGETS.signNs : undefined;
  return {
    capability,
    algorithm,
    operation,
    medianNs: m.medianNs,
    meanNs: m.meanNs,
    opsPerSec: m.opsPerSec,
    samples: m.samples,
    ...(targetNs === undefined ? {} : { targetNs, holds: m.medianNs <= targetNs }),
  };
}

async function benchKem(kem: Kem, algorithm: string, budget: MeasureBudget): Promise<CryptoBenchRow[]> {
  const { publicKey, secretKey } = kem.keygen(algorithm);
  const { cipherText } = kem.encapsulate(algorithm, publicKey);
  return [
    row('kem', algorithm, 'keygen', await measure(() => void kem.keygen(algorithm), budget)),
    row('kem', algorithm, 'encapsulate', await measure(() => void kem.encapsulate(algorithm, publicKey), budget)),
    row(
      'kem',
      algorithm,
      'decapsulate',
      await measure(() => void kem.decapsulate(algorithm, cipherText, secretKey), budget),
    ),
  ];
}

async function benchSignature(
  scheme: SignatureScheme,
  algorithm: string,
  budget: MeasureBudget,
): Promise<CryptoBenchRow[]> {
  const { publicKey, secretKey } = scheme.keygen(algorithm);
  const signature = scheme.sign(algorithm, secretKey, message);
  return [
    row('signature', algorithm, 'keygen', await measure(() => void scheme.keygen(algorithm), budget)),
    row('signature', algorithm, 'sign', await measure(() => void scheme.sign(algorithm, secretKey, message), budget)),
    row(
      'signature',
      algorithm,
      'verify',
      await measure(() => void scheme.verify(algorithm, publicKey, message, signature), budget),
    ),
  ];
}

/** The sizes of every algorithm (from the standards' tables) against the size targets. */
export function cryptoSizes(): CryptoSizeRow[] {
  const kem = Object.values(KEM_ALGORITHMS).map((a) => ({
    algorithm: a.name,
    publicKeyBytes: a.sizes.publicKey,
    publicKeyHolds: a.sizes.publicKey <= CRYPTO_TARGETS.publicKeyBytes,
    cipherTextBytes: a.sizes.cipherText,
  }));
  const sig = Object.values(SIGNATURE_ALGORITHMS).map((a) => ({
    algorithm: a.name,
    publicKeyBytes: a.sizes.publicKey,
    publicKeyHolds: a.sizes.publicKey <= CRYPTO_TARGETS.publicKeyBytes,
    signatureBytes: a.sizes.signature,
    signatureHolds: a.sizes.signature <= CRYPTO_TARGETS.signatureBytes,
  }));
  return [...kem, ...sig];
}

/** Measures every operation of every algorithm the providers list. */
export async function runCryptoBenchmarks(options: CryptoBenchOptions = {}): Promise<CryptoBenchReport> {
  const budget = options.budget ?? { timeMs: 200, warmupMs: 50, minSamples: 10 };
  const kem = options.kem ?? new NobleKem();
  const scheme = options.signature ?? new NobleSignatures();
  const wanted = (a: string): boolean => options.algorithms === undefined || options.algorithms.includes(a);
  const rows: CryptoBenchRow[] = [];
  const add = (found: CryptoBenchRow[]): void => {
    for (const r of found) {
      rows.push(r);
      options.onRow?.(r);
    }
  };
  for (const a of kem.algorithms.filter(wanted)) add(await benchKem(kem, a, budget));
  for (const a of scheme.algorithms.filter(wanted)) add(await benchSignature(scheme, a, budget));
  return { budget, rows, sizes: cryptoSizes().filter((s) => wanted(s.algorithm)) };
}

const verdict = (holds: boolean | undefined): string => (holds === undefined ? '' : holds ? 'holds' : 'MISSES');

/** One line of the timing table. */
export function formatCryptoRow(r: CryptoBenchRow): string {
  const target = r.targetNs === undefined ? '' : `<= ${formatNs(r.targetNs)}`;
  return [
    r.algorithm.padEnd(24),
    r.operation.padEnd(12),
    formatNs(r.medianNs).padStart(10),
    `${r.opsPerSec.toFixed(0)}/s`.padStart(9),
    target.padStart(11),
    verdict(r.holds),
  ].join('  ');
}

/** The whole report for people. */
export function formatCryptoBenchmarks(report: CryptoBenchReport): string {
  const lines = [
    `${'algorithm'.padEnd(24)}  ${'operation'.padEnd(12)}  ${'median'.padStart(10)}  ${'rate'.padStart(9)}  ${'target'.padStart(11)}`,
    ...report.rows.map(formatCryptoRow),
    '',
    `${'algorithm'.padEnd(24)}  ${'public key'.padStart(10)}  (<= ${CRYPTO_TARGETS.publicKeyBytes} B)  ${'signature'.padStart(9)}  (<= ${CRYPTO_TARGETS.signatureBytes} B)`,
  ];
  for (const s of report.sizes) {
    const pk = `${s.publicKeyBytes} B`.padStart(10);
    const sig =
      s.signatureBytes === undefined ? '' : `${`${s.signatureBytes} B`.padStart(9)}  ${verdict(s.signatureHolds)}`;
    lines.push(`${s.algorithm.padEnd(24)}  ${pk}  ${verdict(s.publicKeyHolds).padEnd(13)}  ${sig}`);
  }
  const timed = report.rows.filter((r) => r.holds !== undefined);
  const sized = report.sizes.flatMap((s) => [
    s.publicKeyHolds,
    ...(s.signatureHolds === undefined ? [] : [s.signatureHolds]),
  ]);
  lines.push(
    '',
    `targets held: ${timed.filter((r) => r.holds).length} of ${timed.length} timing targets, ` +
      `${sized.filter(Boolean).length} of ${sized.length} size targets`,
  );
  return lines.join('\n');
}
