import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '@app/config';
import { OpsContext } from '../context/ops-context';
import { EXIT, ExitCode } from './exit-codes';
import type { OpsCommand } from './ops-command';
import { Output, OutputStreams } from './output';

interface GlobalOptions {
  json?: boolean;
  queryUrl?: string;
}

/**
 * Parses `argv`, runs one command and resolves with the process exit code. Nothing here
 * calls process.exit: clients are closed first so buffered output and writes are flushed.
 */
export async function runCli(argv: string[], commands: OpsCommand<never>[], env = process.env, streams?: OutputStreams): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = new Command('ops')
    .description('On-call tooling for the rankings platform (docs/on-call.md). Exit codes: 0 ok, 1 drift (reconcile), 2 failed, 3 refused, 64 usage, 78 config.')
    .option('--json', 'one JSON document on stdout instead of human text')
    .option('--query-url <url>', 'base URL of rankings-query for GET /projections (default http://127.0.0.1:$QUERY_PORT)')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  if (streams) program.configureOutput({ writeOut: streams.stdout, writeErr: streams.stderr });

  for (const definition of commands as OpsCommand[]) {
    const command = program.command(definition.name).description(definition.description);
    definition.options?.(command);
    command.action(async (options: Record<string, unknown>) => {
      exitCode = await execute(definition, options, program.opts<GlobalOptions>(), env, streams);
    });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const informational = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
      return informational ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  return exitCode;
}

async function execute(
  definition: OpsCommand,
  options: Record<string, unknown>,
  global: GlobalOptions,
  env: NodeJS.ProcessEnv,
  streams?: OutputStreams,
): Promise<ExitCode> {
  const output = new Output(global.json === true, streams);
  let context: OpsContext | undefined;
  try {
    const config = loadConfig(env);
    context = new OpsContext(config, global.queryUrl ?? `http://127.0.0.1:${config.QUERY_PORT}`);
    const outcome = await definition.run(context, options, output);
    output.outcome(definition.name, outcome);
    return outcome.exitCode;
  } catch (error) {
    const code = output.failure(definition.name, error);
    return error instanceof ConfigError ? EXIT.config : code;
  } finally {
    await context?.close();
  }
}
