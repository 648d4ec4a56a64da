// The only place payment-service reads the environment.
import type { NatsConsumerConfig } from './nats-order-placed-consumer.ts';

export interface Config {
  port: number;
  /** NATS_URL set: consume order-service's OrderPlaced events from NATS JetStream; unset: no event source. */
  nats: NatsConsumerConfig | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = env.PORT?.trim();
  const port = raw ? Number(raw) : 8081;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a TCP port number (0-65535), got "${raw ?? ''}".`);
  }
  const natsUrl = env.NATS_URL?.trim();
  const nats = natsUrl
    ? {
        url: natsUrl,
        stream: env.NATS_STREAM?.trim() || 'ORDER_EVENTS',
        subject: env.NATS_SUBJECT?.trim() || 'order-events',
        durable: env.NATS_DURABLE?.trim() || 'payment-service',
      }
    : undefined;
  return { port, nats };
}
