// The order-service HTTP API. createApp never listens (main.ts does), so tests can start it anywhere.
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { parseOrderRequest } from './order-request.ts';
import type { OrderService } from './orders.ts';
import { PaymentServiceError } from './payment-client.ts';

export interface AppDeps {
  orders: OrderService;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.use(express.json());

  app.post('/orders', async (req: Request, res: Response) => {
    const parsed = parseOrderRequest(req.body);
    if (!parsed.ok) {
      res.status(400).json({ error: 'invalid_request', message: parsed.errors.map((e) => e.message).join('; '), errors: parsed.errors });
      return;
    }
    const outcome = await deps.orders.placeOrder(parsed.value);
    switch (outcome.status) {
      case 'placed':
        res.status(201).location(`/orders/${outcome.order.order_id}`).json(outcome.order);
        return;
      case 'payment-declined':
        res.status(402).json({ error: 'payment_declined', message: outcome.message, order_id: outcome.orderId });
        return;
      default: {
        const unreachable: never = outcome;
        throw new Error(`unhandled outcome ${JSON.stringify(unreachable)}`);
      }
    }
  });

  app.get('/orders/:id', (req: Request<{ id: string }>, res: Response) => {
    const order = deps.orders.findOrder(req.params.id);
    if (!order) {
      res.status(404).json({ error: 'order_not_found', message: `No order ${req.params.id}.` });
      return;
    }
    res.json(order);
  });

  app.get('/orders/:id/payment', async (req: Request<{ id: string }>, res: Response) => {
    const lookup = await deps.orders.paymentFor(req.params.id);
    switch (lookup.status) {
      case 'found':
        res.json(lookup.charge);
        return;
      case 'no-order':
        res.status(404).json({ error: 'order_not_found', message: `No order ${req.params.id}.` });
        return;
      case 'no-charge':
        res.status(404).json({ error: 'charge_not_found', message: `payment-service has no charge ${lookup.paymentId}.` });
        return;
      default: {
        const unreachable: never = lookup;
        throw new Error(`unhandled lookup ${JSON.stringify(unreachable)}`);
      }
    }
  });

  app.use(errorHandler);
  return app;
}

const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  if (typeof err === 'object' && err !== null && 'type' in err && err.type === 'entity.parse.failed') {
    res.status(400).json({ error: 'invalid_request', message: 'The request body is not valid JSON.' });
    return;
  }
  if (err instanceof PaymentServiceError) {
    console.error(`order-service: payment-service call failed (${err.kind}): ${err.message}`);
    const status = err.kind === 'timeout' ? 504 : 502;
    res
      .status(status)
      .json({ error: 'payment_service_unavailable', message: 'Could not reach payment-service; the order was not placed. Try again.' });
    return;
  }
  console.error('order-service: unexpected error', err);
  res.status(500).json({ error: 'internal_error', message: 'Something went wrong on our side; try again later.' });
};
