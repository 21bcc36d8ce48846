/**
 * The error codes of the consensus plugin: configuration, leadership and membership, storage, transport and the node API. They are this plugin's own
 * catalogue (given to `definePlugin({ errors })`), documented in the `@knhk/plugin-consensus` section of
 * docs/errors.md; `cli/test/error-catalogues.test.ts` keeps the two in step.
 */
import { type ErrorCodeOf, defineErrorCatalogue } from '@knhk/core';

export const CONSENSUS_ERRORS = defineErrorCatalogue('@knhk/plugin-consensus', {
  KNHK_E_CONSENSUS_CONFIG: {
    summary: 'A consensus configuration value is missing, of the wrong type or out of range.',
    remedy:
      'Read the message for the option and its allowed range (ticks and limits are positive integers, the heartbeat shorter than the election timeout, node ids unique and non-empty).',
  },
  KNHK_E_CONSENSUS_NOT_LEADER: {
    summary: 'The request needs the leader, and this node is not the leader (or is handing leadership over).',
    remedy: 'Send the request to the leader named in the status, or retry after the election or the transfer ends.',
  },
  KNHK_E_CONSENSUS_MEMBERSHIP: {
    summary:
      'A membership change was refused: another change is still pending, or the node is already (or not) a member.',
    remedy: 'Wait until the previous change is applied, then add a node that is not a member or remove one that is.',
  },
  KNHK_E_CONSENSUS_OVERLOADED: {
    summary: 'A bounded queue of the consensus node is full (pending reads or uncommitted proposals).',
    remedy:
      'Slow the clients down or retry after earlier requests complete; the bounds are set in the node configuration.',
  },
  KNHK_E_CONSENSUS_WAL_CORRUPT: {
    summary:
      'A record of the write-ahead log, or a snapshot file, fails its checksum or does not decode, and it is not a torn tail a crash could leave.',
    remedy:
      "The node's data directory is damaged (the message names the file and offset): restore it from a backup, or remove the node from the cluster, wipe its directory and add it back so that it catches up from the leader.",
  },
  KNHK_E_CONSENSUS_STORAGE_FULL: {
    summary: 'The disk holding the consensus data directory is full; the write was not persisted.',
    remedy:
      'Free space on that disk or move the data directory to a larger one; what was persisted before is intact and the node can be restarted from it.',
  },
  KNHK_E_CONSENSUS_STORAGE_IO: {
    summary: 'Reading or writing the consensus data directory failed, or the storage was used after close().',
    remedy:
      "Read the message for the file and the system error; fix the directory's permissions or the disk, then restart the node (a closed storage cannot be reused).",
  },
  KNHK_E_CONSENSUS_MESSAGE_MALFORMED: {
    summary:
      'Bytes do not decode as a Raft message: truncated, an unknown type, a field out of range, or trailing bytes.',
    remedy:
      'Decode only bytes made by encodeMessage() of the same wire version; the TCP transport counts such frames and drops them.',
  },
  KNHK_E_CONSENSUS_TRANSPORT_LISTEN: {
    summary: 'The consensus transport could not listen on its address.',
    remedy:
      'Use a host address of this machine and a free port (or 0 for any free port); check that no other node or program already listens there.',
  },
  KNHK_E_CONSENSUS_BAD_REQUEST: {
    summary:
      'A key-value request was refused before it reached the log: an empty or too long key, a value that is not a string or is too large, or a body that is not the expected JSON.',
    remedy:
      'Send a non-empty key of at most 4096 UTF-8 bytes and a string value of at most 256 KiB, as the message says; the request had no effect.',
  },
  KNHK_E_CONSENSUS_OUTCOME_UNKNOWN: {
    summary:
      'A write was proposed, but whether it was committed is not known: it was not applied in time, the node stopped, a snapshot replaced it, or the connection broke after the request was sent.',
    remedy:
      'Read the key to see whether the write took effect before writing again; the client never retries such a write on its own, since applying it twice could undo a later write.',
  },
  KNHK_E_CONSENSUS_TIMEOUT: {
    summary:
      'A read, or a request to a node, did not complete within its time limit (no leader confirmed, or the node did not answer).',
    remedy:
      'Retry (reads have no effect); if it keeps happening, check with `knhk consensus status` that a majority of the nodes is up and a leader is elected.',
  },
  KNHK_E_CONSENSUS_STOPPED: {
    summary:
      'The consensus node is not running: it was not started yet, it is stopping, or it stopped after a storage failure.',
    remedy:
      'Start the node (or restart it from its data directory after fixing the storage problem named in the message) and send the request again.',
  },
  KNHK_E_CONSENSUS_UNREACHABLE: {
    summary:
      "The client could not get an answer from any endpoint of the cluster: connections were refused or broke, or the answers were not the node API's.",
    remedy:
      "Check the --endpoints (http://host:port of each node's client API) and that the nodes are running (`knhk consensus status`).",
  },
});

/** Every code of this plugin's catalogue. */
export type ConsensusErrorCode = ErrorCodeOf<typeof CONSENSUS_ERRORS>;

/** A `KnhkError` with one of this plugin's codes (or one of core's). */
export const consensusError = CONSENSUS_ERRORS.error;
