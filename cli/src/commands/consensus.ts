/**
 * The consensus commands. `knhk consensus simulate`: runs the deterministic Raft simulator over a range of seeds and
 * checks every history (election safety, log matching, leader completeness, state-machine
 * safety, linearizability). `knhk consensus node`: one member of a cluster; `put`, `get`,
 * `delete` and `status`: the key-value client. The consensus plugin is imported only when one
 * of these commands runs.
 */
import { KnhkError, describeError, isKnhkError } from '@knhk/core';
import type { RaftNodeStatus, SeedSweep } from '@knhk/plugin-consensus';
import { type CommandInput, defineCommand } from '../command.js';
import { jsonOption } from '../parse.js';
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
export const consensusSimulateCommand = defineCommand({
  words: ['consensus', 'simulate'],
  summary: 'run the deterministic Raft simulator over N seeds with faults; exits 1 on any violation',
  options: {
    seeds: { type: 'string', value: 'N', required: true, description: `how many seeds to run (1-${MAX_SEEDS})` },
    from: { type: 'string', value: 'S', description: 'the first seed (default 1); a failing seed replays alone' },
    json: jsonOption('the sweep (counts, failures with their violations, seeds whose check was unknown)'),
  },
  examples: ['knhk consensus simulate --seeds 1000', 'knhk consensus simulate --seeds 1 --from 4242 --json'],
  details:
    'Every history is checked for election safety, log matching, leader completeness, state-machine safety and linearizability.',
  async run({ values }, input) {
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
});

/** `knhk consensus node ...`: a cluster member in this process. */
export const consensusNodeCommand = defineCommand({
  words: ['consensus', 'node'],
  summary: 'run one Raft node serving the key-value API on --client-port, until SIGINT or SIGTERM',
  options: {
    id: { type: 'string', value: 'N', required: true, description: "this node's id; one of the ids in --peers" },
    peers: {
      type: 'string',
      value: 'id=host:port,...',
      required: true,
      description: "every member's peer (Raft) address, this node's included",
    },
    'client-port': {
      type: 'string',
      value: 'P',
      description: 'the key-value API port (default 7379; 0: any free one)',
    },
    'client-host': { type: 'string', value: 'H', description: 'the key-value API host (default 127.0.0.1)' },
    'client-urls': {
      type: 'string',
      value: 'id=http://host:port,...',
      description: "every member's key-value API URL, for not-leader redirects",
    },
    listen: {
      type: 'string',
      value: 'host:port',
      description: "where the peer transport listens (default: this node's --peers entry)",
    },
    'data-dir': {
      type: 'string',
      value: 'DIR',
      description: 'the write-ahead log and snapshots (default ./knhk-consensus-<id>); a node restarts from it',
    },
    'key-file': {
      type: 'string',
      value: 'F',
      description: 'the shared cluster key (default: the built-in DEVELOPMENT key, public: development only)',
    },
    'tick-ms': { type: 'string', value: 'T', description: 'the Raft tick in milliseconds (1-60000)' },
    'election-ticks': { type: 'string', value: 'E', description: 'ticks without a leader before an election (2-1000)' },
    'heartbeat-ticks': { type: 'string', value: 'H', description: 'ticks between leader heartbeats (1-999)' },
    'snapshot-entries': { type: 'string', value: 'S', description: 'applied entries between snapshots' },
  },
  examples: [
    'knhk consensus node --id n1 --peers n1=127.0.0.1:7001 --client-port 8001 --data-dir data/n1',
    'knhk consensus node --id n2 --peers n1=10.0.0.1:7001,n2=10.0.0.2:7001,n3=10.0.0.3:7001 --key-file cluster.key',
  ],
  details: [
    'Every member gets the same --peers and, for redirects, the same --client-urls. The node prints',
    '"ready ..." once it serves; it is a long-running process and has no --json.',
  ].join('\n'),
  async run(_parsed, input) {
    const { NODE_USAGE, parseNodeArgs, runNodeUntilSignal } = await import('@knhk/plugin-consensus');
    let options;
    try {
      options = parseNodeArgs(input.args);
    } catch (error) {
      if (!isKnhkError(error, 'KNHK_E_CONSENSUS_CONFIG')) throw error;
      throw new KnhkError('KNHK_E_CLI_USAGE', `${shortMessage(error)}\nusage: ${NODE_USAGE}`);
    }
    return runNodeUntilSignal(options, input.output);
  },
});

const CLIENT_OPTIONS = {
  endpoints: {
    type: 'string',
    value: 'http://host:port,...',
    description: "the nodes' key-value API URLs (default: $KNHK_ENDPOINTS, else http://127.0.0.1:7379)",
  },
  'timeout-ms': { type: 'string', value: 'MS', description: 'give up after MS milliseconds (default 15000)' },
} as const;

const CLIENT_DETAILS = 'The client finds the leader, follows redirects and retries until --timeout-ms.';

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

/** `knhk consensus put KEY VALUE`. */
export const consensusPutCommand = defineCommand({
  words: ['consensus', 'put'],
  summary: 'write a key through the cluster leader; prints the log index once committed',
  arguments: [
    { name: 'KEY', description: 'the key' },
    { name: 'VALUE', description: 'its new value' },
  ],
  options: { ...CLIENT_OPTIONS, json: jsonOption('the key and the log index') },
  examples: ['knhk consensus put greeting hello', 'knhk consensus put k v --endpoints http://10.0.0.1:8001 --json'],
  details: CLIENT_DETAILS,
  async run({ values, positionals }, input) {
    const client = await clientFor('put', values, input.env);
    try {
      const { index } = await client.put(positionals[0], positionals[1]);
      input.output.out(values.json ? JSON.stringify({ key: positionals[0], index }) : `OK (index ${index})`);
      return 0;
    } finally {
      client.close();
    }
  },
});

/** `knhk consensus delete KEY`. */
export const consensusDeleteCommand = defineCommand({
  words: ['consensus', 'delete'],
  summary: 'delete a key through the cluster leader',
  arguments: [{ name: 'KEY', description: 'the key' }],
  options: { ...CLIENT_OPTIONS, json: jsonOption('the key, whether it existed and the log index') },
  examples: ['knhk consensus delete greeting'],
  details: CLIENT_DETAILS,
  async run({ values, positionals }, input) {
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
});

/** `knhk consensus get KEY`. */
export const consensusGetCommand = defineCommand({
  words: ['consensus', 'get'],
  summary: 'read a key (linearizable by default); exits 1 when the key is absent',
  arguments: [{ name: 'KEY', description: 'the key' }],
  options: {
    consistency: {
      type: 'string',
      value: 'linearizable|local',
      description: "linearizable (default): through the leader; local: the first endpoint's state, maybe stale",
    },
    ...CLIENT_OPTIONS,
    json: jsonOption('the key, its value (null when absent) and the index'),
  },
  examples: ['knhk consensus get greeting', 'knhk consensus get greeting --consistency local --json'],
  details: CLIENT_DETAILS,
  async run({ values, positionals }, input) {
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
});

/** `knhk consensus status`. */
export const consensusStatusCommand = defineCommand({
  words: ['consensus', 'status'],
  summary: 'the role, term, leader and indexes of every endpoint; exits 1 when one does not answer',
  options: { ...CLIENT_OPTIONS, json: jsonOption('every endpoint with its status or the error') },
  examples: ['knhk consensus status --endpoints http://127.0.0.1:8001,http://127.0.0.1:8002 --json'],
  async run({ values }, input) {
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
});

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
