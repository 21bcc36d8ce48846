/**
 * The consensus commands. `knhk consensus simulate`: runs the deterministic Raft simulator over a range of seeds and
 * checks every history (election safety, log matching, leader completeness, state-machine
 * safety, linearizability). `knhk consensus node`: one member of a cluster; `put`, `get`,
 * `delete` and `status`: the key-value client. The consensus plugin is imported only when one
 * of these commands runs.
 */
import { KnhkError, describeError, isKnhkError } from '@knhk/core';
import type { RaftNodeStatus, SeedSweep } from '@knhk/plugin-consensus';
import type { Command, CommandInput } from '../command.js';
import { parseCommandArgs } from '../parse.js';
import { textTable } from '../text-table.js';

/** A knhk error's message without its code and remedy (the usage error adds its own). */
function shortMessage(error: { message: string; code: string }): string {
  return error.message.replace(`${error.code}: `, '').split('. ')[0];
}

const MAX_SEEDS = 1_000_000;

function seedOption(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > MAX_SEEDS * 1000) {
    throw new KnhkError(
      'KNHK_E_CLI_USAGE',
      `knhk consensus simulate: --${name} takes an integer >= ${min}, got "${text}"`,
    );
  }
  return value;
}

function formatSweep(sweep: SeedSweep): string {
  const last = sweep.from + sweep.seeds - 1;
  const lines = [
    `seeds run: ${sweep.seeds} (${sweep.from}..${last}), client operations checked: ${sweep.operations}`,
    `violations found: ${sweep.failures.length}`,
  ];
  for (const failure of sweep.failures) {
    for (const v of failure.violations)
      lines.push(`  seed ${failure.seed}: ${v.property} at ${v.timeMs} ms: ${v.message}`);
  }
  if (sweep.unknown.length > 0)
    lines.push(`linearizability unknown (search bound hit): seeds ${sweep.unknown.join(', ')}`);
  lines.push(`time: ${(sweep.elapsedMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

/** `knhk consensus simulate --seeds N [--from S] [--json]`. */
export const consensusSimulateCommand: Command = {
  words: ['consensus', 'simulate'],
  usage: 'knhk consensus simulate --seeds N [--from S] [--json]',
  summary: 'run the deterministic Raft simulator over N seeds with faults; exits 1 on any violation',
  async run(input) {
    const { values } = parseCommandArgs(
      'consensus simulate',
      input.args,
      { seeds: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' } },
      { min: 0, max: 0 },
    );
    if (values.seeds === undefined) {
      throw new KnhkError('KNHK_E_CLI_USAGE', 'knhk consensus simulate: --seeds N is required');
    }
    const seeds = seedOption('seeds', values.seeds, 0, 1);
    if (seeds > MAX_SEEDS) {
      throw new KnhkError('KNHK_E_CLI_USAGE', `knhk consensus simulate: --seeds is at most ${MAX_SEEDS}`);
    }
    const from = seedOption('from', values.from, 1, 0);
    // Imported here, so that other commands do not load the simulator.
    const { runSeeds } = await import('@knhk/plugin-consensus');
    const sweep = runSeeds(from, seeds);
    input.output.out(values.json ? JSON.stringify(sweep, null, 2) : formatSweep(sweep));
    return sweep.failures.length === 0 ? 0 : 1;
  },
};

const NODE_HELP = [
  'Runs one member of a knhk consensus cluster until SIGINT or SIGTERM. Every member gets the same --peers',
  "(id=host:port of each member's peer port, itself included) and, for redirects, the same --client-urls.",
  'The data directory (default ./knhk-consensus-<id>) holds the write-ahead log and snapshots; a node',
  'restarts from it. Without --key-file the built-in DEVELOPMENT key is used (public: development only).',
].join('\n');

/** `knhk consensus node ...`: a cluster member in this process. */
export const consensusNodeCommand: Command = {
  words: ['consensus', 'node'],
  usage: 'knhk consensus node --id N --peers id=host:port,... [--client-port P] [--data-dir DIR] [--key-file F]',
  summary: 'run one Raft node serving the key-value API on --client-port (see --help for every option)',
  async run(input) {
    const { NODE_USAGE, parseNodeArgs, runNodeUntilSignal } = await import('@knhk/plugin-consensus');
    if (input.args.includes('--help')) {
      input.output.out(`usage: ${NODE_USAGE}\n\n${NODE_HELP}`);
      return 0;
    }
    let options;
    try {
      options = parseNodeArgs(input.args);
    } catch (error) {
      if (!isKnhkError(error, 'KNHK_E_CONSENSUS_CONFIG')) throw error;
      throw new KnhkError('KNHK_E_CLI_USAGE', `${shortMessage(error)}\nusage: ${NODE_USAGE}`);
    }
    return runNodeUntilSignal(options, input.output);
  },
};

const CLIENT_OPTIONS = {
  endpoints: { type: 'string' },
  json: { type: 'boolean' },
  'timeout-ms': { type: 'string' },
  consistency: { type: 'string' },
} as const;

const DEFAULT_ENDPOINTS = 'http://127.0.0.1:7379';

function clientFor(command: string, values: { endpoints?: string; 'timeout-ms'?: string }, env: CommandInput['env']) {
  const endpoints = (values.endpoints ?? env.KNHK_ENDPOINTS ?? DEFAULT_ENDPOINTS).split(',').map((e) => e.trim());
  const text = values['timeout-ms'];
  const timeout = text === undefined ? 15_000 : Number(text);
  if (text !== undefined && (!/^\d+$/.test(text) || timeout < 1 || timeout > 3_600_000)) {
    throw new KnhkError('KNHK_E_CLI_USAGE', `knhk consensus ${command}: --timeout-ms takes an integer in [1, 3600000]`);
  }
  return import('@knhk/plugin-consensus').then(({ KvClient }) => {
    try {
      return new KvClient({ endpoints, operationTimeoutMs: timeout, requestTimeoutMs: Math.min(timeout, 5_000) });
    } catch (error) {
      if (!isKnhkError(error, 'KNHK_E_CONSENSUS_CONFIG')) throw error;
      throw new KnhkError('KNHK_E_CLI_USAGE', `knhk consensus ${command}: --endpoints: ${shortMessage(error)}`);
    }
  });
}

function consistencyOption(command: string, text: string | undefined): 'linearizable' | 'local' {
  if (text === undefined || text === 'linearizable' || text === 'local') return text ?? 'linearizable';
  throw new KnhkError('KNHK_E_CLI_USAGE', `knhk consensus ${command}: --consistency is linearizable or local`);
}

const ENDPOINTS_USAGE = '[--endpoints http://host:port,...] [--json]';

/** `knhk consensus put KEY VALUE`. */
export const consensusPutCommand: Command = {
  words: ['consensus', 'put'],
  usage: `knhk consensus put KEY VALUE ${ENDPOINTS_USAGE}`,
  summary: 'write a key through the cluster leader; prints the log index once committed',
  async run(input) {
    const { values, positionals } = parseCommandArgs('consensus put', input.args, CLIENT_OPTIONS, { min: 2, max: 2 });
    const client = await clientFor('put', values, input.env);
    try {
      const { index } = await client.put(positionals[0], positionals[1]);
      input.output.out(values.json ? JSON.stringify({ key: positionals[0], index }) : `OK (index ${index})`);
      return 0;
    } finally {
      client.close();
    }
  },
};

/** `knhk consensus delete KEY`. */
export const consensusDeleteCommand: Command = {
  words: ['consensus', 'delete'],
  usage: `knhk consensus delete KEY ${ENDPOINTS_USAGE}`,
  summary: 'delete a key through the cluster leader',
  async run(input) {
    const { values, positionals } = parseCommandArgs('consensus delete', input.args, CLIENT_OPTIONS, {
      min: 1,
      max: 1,
    });
    const client = await clientFor('delete', values, input.env);
    try {
      const result = await client.delete(positionals[0]);
      input.output.out(
        values.json
          ? JSON.stringify({ key: positionals[0], ...result })
          : `${result.deleted ? 'deleted' : 'absent'} (index ${result.index})`,
      );
      return 0;
    } finally {
      client.close();
    }
  },
};

/** `knhk consensus get KEY`. */
export const consensusGetCommand: Command = {
  words: ['consensus', 'get'],
  usage: `knhk consensus get KEY [--consistency linearizable|local] ${ENDPOINTS_USAGE}`,
  summary: 'read a key (linearizable by default); exits 1 when the key is absent',
  async run(input) {
    const { values, positionals } = parseCommandArgs('consensus get', input.args, CLIENT_OPTIONS, { min: 1, max: 1 });
    const consistency = consistencyOption('get', values.consistency);
    const client = await clientFor('get', values, input.env);
    try {
      const endpoint = consistency === 'local' ? client.endpoints[0] : undefined;
      const { value, index } = await client.get(positionals[0], { consistency, endpoint });
      if (values.json) input.output.out(JSON.stringify({ key: positionals[0], value, index }));
      else if (value !== null) input.output.out(value);
      else input.output.err(`${positionals[0]}: absent (index ${index})`);
      return value === null ? 1 : 0;
    } finally {
      client.close();
    }
  },
};

/** `knhk consensus status`. */
export const consensusStatusCommand: Command = {
  words: ['consensus', 'status'],
  usage: `knhk consensus status ${ENDPOINTS_USAGE}`,
  summary: 'the role, term, leader and indexes of every endpoint; exits 1 when one does not answer',
  async run(input) {
    const { values } = parseCommandArgs('consensus status', input.args, CLIENT_OPTIONS, { min: 0, max: 0 });
    const client = await clientFor('status', values, input.env);
    try {
      const rows = await Promise.all(
        client.endpoints.map(async (endpoint) => {
          try {
            return { endpoint, status: await client.status(endpoint) };
          } catch (error) {
            return { endpoint, error: describeError(error) };
          }
        }),
      );
      if (values.json) input.output.out(JSON.stringify({ nodes: rows }, null, 2));
      else input.output.out(formatStatus(rows));
      return rows.every((r) => r.status !== undefined) ? 0 : 1;
    } finally {
      client.close();
    }
  },
};

function formatStatus(rows: readonly { endpoint: string; status?: RaftNodeStatus; error?: string }[]): string {
  const header = ['endpoint', 'id', 'role', 'term', 'leader', 'commit', 'applied', 'snapshot', 'keys'];
  const body = rows.map(({ endpoint, status: s, error }) =>
    s === undefined
      ? [endpoint, '-', `unreachable: ${error ?? ''}`, '', '', '', '', '', '']
      : [endpoint, s.id, s.role, s.term, s.leader ?? '-', s.commitIndex, s.appliedIndex, s.snapshotIndex, s.keys].map(
          String,
        ),
  );
  return textTable([header, ...body]);
}
