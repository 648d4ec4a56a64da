// `npm start -w sample-services/payment-service`: the payment API on PORT (default 8081),
// with demo customers cust-1 (card works) and cust-2 (card declined). With NATS_URL set it also consumes
// order-service's OrderPlaced events from NATS JetStream.
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { consumeOrderPlaced } from './nats-order-placed-consumer.ts';
import { createStore, seedDemoData } from './store.ts';

const config = loadConfig();
const store = createStore();
seedDemoData(store);
const events = config.nats
  ? await consumeOrderPlaced(config.nats, store, (outcome) => console.log(`OrderPlaced ${outcome.status}`))
  : undefined;

const server = createApp({ store }).listen(config.port, () => {
  const source = config.nats ? `; OrderPlaced from NATS ${config.nats.url}, subject ${config.nats.subject}` : '';
  console.log(`payment-service listening on http://localhost:${config.port} (try POST /api/v1/charges${source})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => void (events?.stop() ?? Promise.resolve()).finally(() => process.exit(0))));
}
