#!/usr/bin/env node
import { stopWithParent } from '@app/ports';
import { runCli } from './cli/program';
import { reconcileCommand } from './reconcile/reconcile.command';
import { reindexCommand } from './reindex/reindex.command';
import { reprojectRedisCommand } from './reproject-redis/reproject-redis.command';
import { rollbackCommand } from './rollback/rollback.command';
import { statusCommand } from './status/status.command';

stopWithParent();

/** `npm run ops -- <command>` (CONTRACT §5). */
const commands = [statusCommand, reindexCommand, rollbackCommand, reprojectRedisCommand, reconcileCommand];

/**
 * Once the command is done (output written, clients closed or given up on), a socket to a
 * hung store may still hold the event loop: leave shortly after instead of waiting for it.
 */
const LINGER_MS = 100;

void runCli(process.argv.slice(2), commands).then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), LINGER_MS).unref();
  },
  (error: unknown) => {
    process.stderr.write(`ops: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
