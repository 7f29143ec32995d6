import { EXIT } from '../cli/exit-codes';
import type { OpsCommand } from '../cli/ops-command';
import { reprojectRedis } from './reproject-redis';

export const reprojectRedisCommand: OpsCommand = {
  name: 'reproject-redis',
  description: 'rebuild every Redis read model from Postgres under a new generation, then switch to it atomically',
  async run(context, _options, output) {
    const result = await reprojectRedis(context, output);
    return {
      exitCode: EXIT.ok,
      summary: result,
      lines: [
        `reproject-redis: generation ${result.generation} is live (was ${result.previousGeneration})`,
        `  ${result.athletes} athletes in ${result.divisions} divisions from Postgres in ${result.seconds}s; dropped ${result.droppedKeys} keys of generation ${result.previousGeneration}`,
      ],
    };
  },
};
