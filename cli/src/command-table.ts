/** The table of every knhk command and command group, in the order `knhk help` lists them. */
import type { Command, CommandGroup } from './command.js';
import { detectCommand } from './commands/detect.js';
import { pluginCheckCommand } from './commands/plugin-check.js';
import { pluginNewCommand } from './commands/plugin-new.js';
import { pluginsCommand } from './commands/plugins.js';
import { benchCommand } from './commands/bench.js';
import { cryptoAuditCommand } from './commands/crypto-audit.js';
import { selectCommand } from './commands/select.js';
import { WISDOM_COMMANDS } from './commands/wisdom.js';
import { MARKET_COMMANDS } from './commands/market.js';
import {
  consensusDeleteCommand,
  consensusGetCommand,
  consensusNodeCommand,
  consensusPutCommand,
  consensusSimulateCommand,
  consensusStatusCommand,
} from './commands/consensus.js';

/** Every command. */
export const COMMANDS: readonly Command[] = [
  detectCommand,
  pluginsCommand,
  benchCommand,
  selectCommand,
  ...WISDOM_COMMANDS,
  pluginNewCommand,
  pluginCheckCommand,
  ...MARKET_COMMANDS,
  cryptoAuditCommand,
  consensusSimulateCommand,
  consensusNodeCommand,
  consensusPutCommand,
  consensusGetCommand,
  consensusDeleteCommand,
  consensusStatusCommand,
];

/** Every word prefix that names several commands: `knhk help market` lists them. */
export const GROUPS: readonly CommandGroup[] = [
  { words: ['wisdom'], summary: 'show, clear, export or import the saved selection measurements' },
  { words: ['plugin'], summary: 'create a plugin project, or check a built plugin with the conformance kit' },
  { words: ['market'], summary: 'licenses, usage metering and invoices on the embedded database' },
  { words: ['market', 'license'], summary: 'issue, verify and revoke signed licenses' },
  { words: ['market', 'usage'], summary: 'record and show metered usage' },
  { words: ['market', 'invoice'], summary: 'generate and show invoices' },
  { words: ['crypto'], summary: 'the crypto plugin: NIST compliance audit' },
  { words: ['consensus'], summary: 'the Raft simulator, a cluster node and the key-value client' },
];
