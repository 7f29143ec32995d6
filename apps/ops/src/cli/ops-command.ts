import type { Command } from 'commander';
import type { OpsContext } from '../context/ops-context';
import type { CommandOutcome, Output } from './output';

/** One `npm run ops -- <name>` command: its options and what it does. */
export interface OpsCommand<O = Record<string, unknown>> {
  name: string;
  description: string;
  /** Adds the command's own options. */
  options?(command: Command): Command;
  run(context: OpsContext, options: O, output: Output): Promise<CommandOutcome>;
}
