// One runner for every tier; the tier is in the file name:
//   *.spec.ts      pure logic, beside the code
//   *.int-spec.ts  against real Postgres/Redis and the Kafka/Elasticsearch stand-ins
//   *.e2e-spec.ts  over HTTP through running service processes
const { readFileSync } = require('node:fs');

const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;
delete swc.jsc.baseUrl; // jest resolves the @app/* aliases itself (moduleNameMapper)
delete swc.jsc.paths;

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/bench', '<rootDir>/monitoring'].filter((dir) => require('node:fs').existsSync(dir.replace('<rootDir>', __dirname))),
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: {
    '^@app/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@test/support$': '<rootDir>/test/support',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  slowTestThreshold: 20,
};
