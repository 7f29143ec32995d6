// One Jest project per test tier; the tier is in the file name:
//   unit  *.spec.ts      pure logic, beside the code; needs no Postgres, Redis or stand-in
//   int   *.int-spec.ts  against real Postgres/Redis and the Kafka/Elasticsearch stand-ins
//   e2e   *.e2e-spec.ts  over HTTP through running service processes (compiled: build first)
// `npm test` runs all three in parallel workers: every test file has its own database,
// topic, index alias, Redis key prefix and free ports (test/support), so files never share
// state. `npm run test:unit|test:int|test:e2e` runs one tier. Benchmarks live in bench/.
const { existsSync, readFileSync } = require('node:fs');

const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;
delete swc.jsc.baseUrl; // jest resolves the @app/* aliases itself (moduleNameMapper)
delete swc.jsc.paths;

const TIERS = ['unit', 'int', 'e2e'];

/**
 * `jest --selectProjects int path/to/x.int-spec.ts` reads the path as one more project name
 * and would run the whole tier: paths given among the project names still narrow the run.
 */
function pathsAmongProjectNames(argv) {
  const at = argv.indexOf('--selectProjects');
  if (at < 0) return [];
  const paths = [];
  for (const arg of argv.slice(at + 1)) {
    if (arg.startsWith('-')) break;
    if (!TIERS.includes(arg)) paths.push(arg);
  }
  return paths;
}
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const strayPaths = pathsAmongProjectNames(process.argv);

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['apps', 'libs', 'test', 'bench', 'monitoring'].filter((dir) => existsSync(`${__dirname}/${dir}`)).map((dir) => `<rootDir>/${dir}`),
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: {
    '^@app/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@test/support$': '<rootDir>/test/support',
    '^@test/support/(.+)$': '<rootDir>/test/support/$1',
  },
  testPathIgnorePatterns: ['/node_modules/', ...(strayPaths.length ? [`^(?!.*(?:${strayPaths.map(escapeRegex).join('|')}))`] : [])],
};

/** Infrastructure (stand-ins, stale test databases) once per run, only when a tier needs it. */
const withInfrastructure = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/worker-stand-ins.ts', '<rootDir>/test/support/worker-tracing-off.ts'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testRegex: '\\.spec\\.ts$' },
    { ...shared, ...withInfrastructure, displayName: 'int', testRegex: '\\.int-spec\\.ts$' },
    { ...shared, ...withInfrastructure, displayName: 'e2e', testRegex: '\\.e2e-spec\\.ts$' },
  ],
  // One worker per core: each worker has its own stand-ins (test/support/global-setup.ts) and
  // many files start whole service processes, so a third worker on two cores made the timing
  // tests (hung stores, floods, freshness) miss their bounds. JEST_WORKERS overrides (1: in band).
  maxWorkers: process.env.JEST_WORKERS ?? 2,
  // A safety net, not a pace: tests wait for conditions, and on a loaded machine with the
  // tiers in parallel a test that spawns several processes can take well over a minute.
  testTimeout: 120_000,
  slowTestThreshold: 20,
};
