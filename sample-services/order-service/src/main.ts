// `npm start -w sample-services/order-service`: the order API on PORT (default 8080), calling
// payment-service at PAYMENT_SERVICE_URL (default http://localhost:8081). Events are printed to stdout.
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { ConsoleEventPublisher } from './event-publisher.ts';
import { OrderService } from './orders.ts';
import { PaymentClient } from './payment-client.ts';

const config = loadConfig();
const orders = new OrderService({
  payments: new PaymentClient({ baseUrl: config.paymentServiceUrl, timeoutMs: config.paymentTimeoutMs }),
  publisher: new ConsoleEventPublisher(),
});

const server = createApp({ orders }).listen(config.port, () => {
  console.log(`order-service listening on http://localhost:${config.port} (payment-service: ${config.paymentServiceUrl})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
