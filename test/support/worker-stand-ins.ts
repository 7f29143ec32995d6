/**
 * Runs before each int/e2e test file: points KAFKA_BROKERS / ELASTICSEARCH_URL at this Jest
 * worker's own stand-ins (global-setup.ts starts one pair per worker), unless the run uses
 * real servers. Files of one worker run one after another, so a stand-in serves one file
 * at a time; their names (topics, aliases) are unique anyway.
 */
const worker = Number(process.env.JEST_WORKER_ID ?? '1') - 1;

function pick(pool: string | undefined): string | undefined {
  const all = (pool ?? '').split(' ').filter(Boolean);
  return all.length > 0 ? all[worker % all.length] : undefined;
}

const kafka = pick(process.env.TEST_KAFKA_POOL);
if (kafka) process.env.KAFKA_BROKERS = kafka;
const elasticsearch = pick(process.env.TEST_ELASTICSEARCH_POOL);
if (elasticsearch) process.env.ELASTICSEARCH_URL = elasticsearch;
