import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { ProjectionEngine } from '../projection-engine';

/**
 * The projector's Nest microservice transport. Nest's own Kafka transport hands over one
 * message at a time and commits on its own schedule; a projection needs whole batches and
 * offsets committed only after its store acknowledged them (the incident's fix), so the
 * engine's kafkajs consumers do the consuming and this strategy gives them Nest's
 * lifecycle: started with the microservice, stopped (offsets settled) on shutdown.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private started: Promise<void> | null = null;

  constructor(private readonly engine: ProjectionEngine) {
    super();
  }

  /** Returns at once: Kafka may be unreachable at start-up and /health must answer meanwhile. */
  listen(callback: () => void): void {
    this.started = this.engine.start().catch((error: unknown) => this.logger.error(`projection engine failed to start: ${String(error)}`));
    callback();
  }

  async close(): Promise<void> {
    await this.engine.stop();
    await this.started;
  }

  on(): void {
    // The engine reports through its own metrics and logs; there are no transport events to listen to.
  }

  unwrap<T>(): T {
    return this.engine as T;
  }
}
