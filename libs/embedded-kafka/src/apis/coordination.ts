import { NODE_ID } from '../broker';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

/** FindCoordinator v2: this broker coordinates every group (and would every transaction). */
export const handleFindCoordinator: ApiHandler = (_broker, req) => {
  req.body.string(); // key
  req.body.int8(); // type
  return new Writer().int32(0).int16(ErrorCode.NONE).string(null).int32(NODE_ID).string(req.advertisedHost).int32(req.advertisedPort);
};

/** InitProducerId v1: idempotent producers only; a transactional id is refused. */
export const handleInitProducerId: ApiHandler = (broker, req) => {
  const transactionalId = req.body.nullableString();
  req.body.int32(); // transaction timeout
  if (transactionalId !== null) {
    return new Writer().int32(0).int16(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED).int64(-1).int16(-1);
  }
  return new Writer().int32(0).int16(ErrorCode.NONE).int64(broker.allocateProducerId()).int16(0);
};
