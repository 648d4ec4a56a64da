// The payment-service HTTP API. `createApp` builds the app around a store and never listens:
// main.ts listens, tests and the Pact verifier start it on an ephemeral port.
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { parseChargeRequest } from './charge-request.ts';
import { chargeCustomer, toChargeView, type ChargeDeps } from './charges.ts';
import type { FieldError } from './field-validation.ts';
import type { PaymentStore } from './store.ts';

export interface AppDeps {
  store: PaymentStore;
  /** Injected in tests for deterministic ids; defaults to `ch-<uuid>`. */
  newPaymentId?: () => string;
  now?: () => Date;
}

/** Error body of every 4xx: a stable machine-readable `error` code plus a sentence for humans. */
export interface ErrorBody {
  error: 'invalid_request' | 'card_declined' | 'unknown_customer' | 'charge_not_found';
  message: string;
  errors?: FieldError[];
}

function sendError(res: Response, status: number, body: ErrorBody): void {
  res.status(status).json(body);
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.use(express.json());
  const chargeDeps: ChargeDeps = { store: deps.store, newPaymentId: deps.newPaymentId, now: deps.now };

  app.post('/api/v1/charges', (req: Request, res: Response) => {
    const parsed = parseChargeRequest(req.body);
    if (!parsed.ok) {
      const message = parsed.errors.map((e) => e.message).join('; ');
      sendError(res, 400, { error: 'invalid_request', message, errors: parsed.errors });
      return;
    }
    const outcome = chargeCustomer(chargeDeps, parsed.value);
    switch (outcome.status) {
      case 'succeeded':
        res.status(201).location(`/api/v1/charges/${outcome.charge.payment_id}`).json(toChargeView(outcome.charge));
        return;
      case 'declined':
        sendError(res, 402, { error: 'card_declined', message: `The card of customer ${outcome.customerId} was declined.` });
        return;
      case 'unknown-customer':
        sendError(res, 422, { error: 'unknown_customer', message: `No customer ${outcome.customerId}; create the customer first.` });
        return;
      default: {
        const unreachable: never = outcome;
        throw new Error(`unhandled outcome ${JSON.stringify(unreachable)}`);
      }
    }
  });

  app.get('/api/v1/charges/:id', (req: Request<{ id: string }>, res: Response) => {
    const charge = deps.store.findCharge(req.params.id);
    if (!charge) {
      sendError(res, 404, { error: 'charge_not_found', message: `No charge ${req.params.id}.` });
      return;
    }
    res.status(200).json(toChargeView(charge));
  });

  app.use(errorHandler);
  return app;
}

/** Malformed JSON is the client's fault (400); anything else is ours (500, no internals). */
const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  if (isBodyParseError(err)) {
    sendError(res, 400, { error: 'invalid_request', message: 'The request body is not valid JSON.' });
    return;
  }
  console.error('payment-service: unexpected error', err);
  res.status(500).json({ error: 'internal_error', message: 'Something went wrong on our side; try again later.' });
};

function isBodyParseError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'type' in err && err.type === 'entity.parse.failed';
}
