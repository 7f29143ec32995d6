// Tracing first: dd-trace must load before the modules it instruments.
import '@app/observability';
import { loadConfigOrExit } from '@app/config';
import { createQueryApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const service = await createQueryApp(loadConfigOrExit());
  const stop = () => void service.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void bootstrap();
