// Consumes order-service's OrderPlaced events from NATS JetStream, when payment-service is configured with NATS_URL
// (see config.ts): a durable consumer, so events published while payment-service was down are delivered when it
// starts. Each message goes to the same handler the message pact tests (handleOrderPlaced):
// - recorded or duplicate (at-least-once delivery): acknowledged;
// - rejected (not an OrderPlaced): terminated, so JetStream does not redeliver it; a real deployment would
//   dead-letter it. The outcome of each message is reported to `onHandled` (logging, tests).
import { AckPolicy, connect, type ConsumerMessages, type NatsConnection } from 'nats';
import { handleOrderPlaced, type OrderPlacedHandling } from './order-placed.ts';
import type { PaymentStore } from './store.ts';

export interface NatsConsumerConfig {
  url: string;
  stream: string;
  /** the channel address of order-service's contracts/asyncapi.yaml: order-events */
  subject: string;
  /** the durable consumer's name: one per consuming service, so its position survives restarts */
  durable: string;
}

export interface OrderPlacedConsumer {
  /** Stops consuming (messages in hand are finished) and disconnects. */
  stop(): Promise<void>;
}

export async function consumeOrderPlaced(
  config: NatsConsumerConfig,
  store: PaymentStore,
  onHandled: (outcome: OrderPlacedHandling) => void = () => undefined,
): Promise<OrderPlacedConsumer> {
  const connection = await connect({ servers: config.url, name: 'payment-service' });
  let messages: ConsumerMessages;
  try {
    messages = await subscribe(connection, config);
  } catch (error) {
    await connection.close();
    throw error;
  }
  const loop = (async () => {
    for await (const message of messages) {
      let body: unknown;
      try {
        body = JSON.parse(message.string()) as unknown;
      } catch {
        body = undefined;
      }
      const outcome = handleOrderPlaced(body, store);
      if (outcome.status === 'rejected') message.term();
      else message.ack();
      onHandled(outcome);
    }
  })();
  return {
    async stop() {
      messages.stop();
      await loop;
      await connection.drain();
    },
  };
}

async function subscribe(connection: NatsConnection, config: NatsConsumerConfig): Promise<ConsumerMessages> {
  const manager = await connection.jetstreamManager();
  try {
    await manager.streams.info(config.stream);
  } catch {
    await manager.streams.add({ name: config.stream, subjects: [config.subject] });
  }
  await manager.consumers.add(config.stream, {
    durable_name: config.durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: config.subject,
  });
  const consumer = await connection.jetstream().consumers.get(config.stream, config.durable);
  return consumer.consume();
}
