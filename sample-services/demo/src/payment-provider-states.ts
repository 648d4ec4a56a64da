// payment-service's provider states as an HTTP endpoint, for verifiers that are not in the service's
// own process: `treaty verify --state-change-url` (or any Pact verifier's --state-change-url). The Pact
// verifier POSTs `{ state, params, action }` before each interaction ("setup") and after it ("teardown").
//
// The states and what they seed are payment-service's own (test/support/provider-states.ts; its README
// says why each exists). As there, each interaction starts from an empty store: the first setup after a
// teardown empties it, so an interaction with several states gets all of them.
import express, { type Request, type Response } from 'express';
import type { PaymentStore } from '../../payment-service/src/store.ts';
import { paymentProviderStates } from '../../payment-service/test/support/provider-states.ts';

export { paymentProviderStates };

export const PROVIDER_STATES_PATH = '/_pact/provider-states';

/** An Express router answering the verifier's state-change calls by seeding `store`. */
export function providerStatesRouter(store: PaymentStore): express.Router {
  const router = express.Router();
  let lastAction: string | undefined;
  router.post(PROVIDER_STATES_PATH, express.json(), (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { state?: unknown; action?: unknown };
    const action = typeof body.action === 'string' ? body.action : 'setup';
    const state = typeof body.state === 'string' ? body.state : '';
    if (action !== 'setup') {
      lastAction = action;
      res.status(200).json({});
      return;
    }
    if (lastAction !== 'setup') store.reset();
    lastAction = action;
    const seed = paymentProviderStates[state];
    if (!seed) {
      res.status(400).json({
        error: 'unknown_provider_state',
        message: `payment-service has no provider state "${state}". Known: ${Object.keys(paymentProviderStates).join('; ')}.`,
      });
      return;
    }
    seed(store);
    res.status(200).json({});
  });
  return router;
}
