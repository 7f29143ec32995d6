import { InitialSchema1732350000000 } from './1732350000000-initial-schema';

/** Every migration, oldest first. New migrations are appended here. */
export const migrations = [InitialSchema1732350000000];
