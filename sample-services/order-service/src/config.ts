// The only place order-service reads the environment.
import type { NatsEventsConfig } from './nats-event-publisher.ts';

export interface Config {
  port: number;
  paymentServiceUrl: string;
  paymentTimeoutMs: number;
  /** NATS_URL set: OrderPlaced events go to NATS JetStream (NATS_STREAM, NATS_SUBJECT); unset: printed to stdout. */
  nats: NatsEventsConfig | undefined;
}

function integerIn(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const text = raw?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${text}".`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const paymentServiceUrl = env.PAYMENT_SERVICE_URL?.trim() || 'http://localhost:8081';
  if (!URL.canParse(paymentServiceUrl)) {
    throw new Error(`PAYMENT_SERVICE_URL must be an absolute URL such as http://localhost:8081, got "${paymentServiceUrl}".`);
  }
  const natsUrl = env.NATS_URL?.trim();
  return {
    port: integerIn('PORT', env.PORT, 8080, 0, 65535),
    paymentServiceUrl,
    paymentTimeoutMs: integerIn('PAYMENT_TIMEOUT_MS', env.PAYMENT_TIMEOUT_MS, 2000, 1, 60_000),
    nats: natsUrl
      ? { url: natsUrl, stream: env.NATS_STREAM?.trim() || 'ORDER_EVENTS', subject: env.NATS_SUBJECT?.trim() || 'order-events' }
      : undefined,
  };
}
