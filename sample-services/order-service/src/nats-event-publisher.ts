// Publishes OrderPlaced events to NATS JetStream, when order-service is configured with NATS_URL (see config.ts).
// Without it the in-memory or console publisher is used, so tests and `npm run demo` need no server.
//
// The subject is the address of the order-events channel in contracts/asyncapi.yaml, and each event is published
// with its event_id as the JetStream message id: a publish retried after a lost acknowledgement is stored once.
import { connect, headers, type JetStreamClient, type NatsConnection } from 'nats';
import type { EventPublisher } from './event-publisher.ts';
import type { OrderPlaced } from './order-placed-event.ts';

export interface NatsEventsConfig {
  /** e.g. nats://127.0.0.1:4222 */
  url: string;
  /** the JetStream stream that keeps the events (created when missing) */
  stream: string;
  /** the channel address of contracts/asyncapi.yaml: order-events */
  subject: string;
}

export class NatsEventPublisher implements EventPublisher {
  private constructor(
    private readonly connection: NatsConnection,
    private readonly jetstream: JetStreamClient,
    private readonly subject: string,
  ) {}

  /** Connects and makes sure the stream exists (an existing stream with the same subjects is left as it is). */
  static async connect(config: NatsEventsConfig): Promise<NatsEventPublisher> {
    const connection = await connect({ servers: config.url, name: 'order-service' });
    try {
      await ensureStream(connection, config.stream, config.subject);
      return new NatsEventPublisher(connection, connection.jetstream(), config.subject);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async publish(event: OrderPlaced): Promise<void> {
    const h = headers();
    h.set('content-type', 'application/json');
    // resolves once JetStream has stored the event: an order is only answered as placed after that
    await this.jetstream.publish(this.subject, JSON.stringify(event), { msgID: event.event_id, headers: h });
  }

  /** Waits for what is in flight, then disconnects. */
  close(): Promise<void> {
    return this.connection.drain();
  }
}

export async function ensureStream(connection: NatsConnection, stream: string, subject: string): Promise<void> {
  const manager = await connection.jetstreamManager();
  try {
    await manager.streams.info(stream);
  } catch {
    await manager.streams.add({ name: stream, subjects: [subject] });
  }
}
