// Starts payment-service (its real createApp) on a loopback port with the provider-state endpoint
// next to it, for `treaty verify`. The `renames-status-to-state` variant is the demo's breaking change:
// the same service whose JSON responses say `state` where the contract says `status`, done by a small
// wrapper that rewrites response bodies, so payment-service's code stays as it is.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createApp } from '../../payment-service/src/app.ts';
import { createStore } from '../../payment-service/src/store.ts';
import { PROVIDER_STATES_PATH, providerStatesRouter } from './payment-provider-states.ts';

export const PaymentServiceVariant = {
  /** payment-service as it is. */
  Current: 'current',
  /** A breaking change: every `status` field of a JSON response is renamed `state`. */
  RenamesStatusToState: 'renames-status-to-state',
} as const;
export type PaymentServiceVariant = (typeof PaymentServiceVariant)[keyof typeof PaymentServiceVariant];

export interface RunningPaymentService {
  baseUrl: string;
  stateChangeUrl: string;
  close(): Promise<void>;
}

/** `{ status: 'succeeded', ... }` → `{ state: 'succeeded', ... }`, keeping the key order. */
export function renameStatusToState(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k === 'status' ? 'state' : k, v]));
}

function renameStatusMiddleware(_req: Request, res: Response, next: NextFunction): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => json(renameStatusToState(body));
  next();
}

export function paymentServiceApp(variant: PaymentServiceVariant): express.Express {
  const store = createStore();
  const app = express();
  app.use(providerStatesRouter(store));
  if (variant === PaymentServiceVariant.RenamesStatusToState) app.use(renameStatusMiddleware);
  app.use(createApp({ store }));
  return app;
}

export async function startPaymentService(
  variant: PaymentServiceVariant = PaymentServiceVariant.Current,
  port = 0,
): Promise<RunningPaymentService> {
  const server: Server = paymentServiceApp(variant).listen(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    stateChangeUrl: `${baseUrl}${PROVIDER_STATES_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
