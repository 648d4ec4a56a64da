// `npm start -w sample-services/order-service`: the order API on PORT (default 8080), calling
// payment-service at PAYMENT_SERVICE_URL (default http://localhost:8081). Events are printed to stdout, or
// published to NATS JetStream when NATS_URL is set (e.g. nats://127.0.0.1:4222).
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { ConsoleEventPublisher } from './event-publisher.ts';
import { NatsEventPublisher } from './nats-event-publisher.ts';
import { OrderService } from './orders.ts';
import { PaymentClient } from './payment-client.ts';

const config = loadConfig();
const nats = config.nats ? await NatsEventPublisher.connect(config.nats) : undefined;
const orders = new OrderService({
  payments: new PaymentClient({ baseUrl: config.paymentServiceUrl, timeoutMs: config.paymentTimeoutMs }),
  publisher: nats ?? new ConsoleEventPublisher(),
});

const server = createApp({ orders }).listen(config.port, () => {
  const events = config.nats ? `NATS ${config.nats.url}, subject ${config.nats.subject}` : 'stdout';
  console.log(
    `order-service listening on http://localhost:${config.port} (payment-service: ${config.paymentServiceUrl}; events: ${events})`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => void (nats?.close() ?? Promise.resolve()).finally(() => process.exit(0))));
}
