import type { FastifyReply } from 'fastify';

/** A JSON body already in its final bytes (from the read model): no parse, no serialise. */
export function sendJsonBytes(reply: FastifyReply, body: Buffer): Buffer {
  void reply.header('content-type', 'application/json; charset=utf-8');
  return body;
}
