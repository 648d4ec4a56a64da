// `npm start -w sample-services/payment-service`: the payment API on PORT (default 8081),
// with demo customers cust-1 (card works) and cust-2 (card declined).
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createStore, seedDemoData } from './store.ts';

const config = loadConfig();
const store = createStore();
seedDemoData(store);

const server = createApp({ store }).listen(config.port, () => {
  console.log(`payment-service listening on http://localhost:${config.port} (try POST /api/v1/charges)`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
