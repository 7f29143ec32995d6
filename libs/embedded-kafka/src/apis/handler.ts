import { Broker } from '../broker';
import { Reader } from '../protocol/reader';
import { RequestHeader } from '../protocol/request-header';
import { Writer } from '../protocol/writer';

/** What a handler knows about the request beyond its body. */
export interface RequestContext {
  header: RequestHeader;
  body: Reader;
  connectionId: number;
  /** The address this connection reached: advertised back so kafkajs matches its seed broker. */
  advertisedHost: string;
  advertisedPort: number;
  clientHost: string;
}

/** Returns the response body, or null when the request gets no response (acks=0 Produce). */
export type ApiHandler = (broker: Broker, req: RequestContext) => Writer | null | Promise<Writer | null>;

export interface ApiSpec {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  handle: ApiHandler;
}
