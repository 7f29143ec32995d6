// One copy of the port helpers for the launcher, the benchmarks and the tests.
export { freePort } from '@app/ports';
