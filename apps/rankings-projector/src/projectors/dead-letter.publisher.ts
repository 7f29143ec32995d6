import type { Producer } from 'kafkajs';
import { deadLetterTopic, EVENT_HEADERS } from '@app/contracts';
import type { DeadLetter } from './read-batch';

/**
 * Sends invalid messages to `<topic>.dlq` with the original key, value and headers plus
 * the reason. Awaited before the batch's offsets are committed, so a dead letter is never
 * lost; if the send fails the whole batch is retried (a repeat dead letter is harmless).
 */
export async function publishDeadLetters(producer: Producer, topic: string, groupId: string, letters: DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  await producer.send({
    topic: deadLetterTopic(topic),
    messages: letters.map(({ message, reason }) => ({
      key: message.key,
      value: message.value,
      headers: { ...message.headers, [EVENT_HEADERS.dlqReason]: reason, 'dlq-consumer-group': groupId, 'dlq-source-offset': message.offset },
    })),
  });
}
