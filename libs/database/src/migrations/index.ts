import { InitialSchema1732350000000 } from './1732350000000-initial-schema';
import { OpsReindexRuns1732360000000 } from './1732360000000-ops-reindex-runs';

/** Every migration, oldest first. New migrations are appended here. */
export const migrations = [InitialSchema1732350000000, OpsReindexRuns1732360000000];
