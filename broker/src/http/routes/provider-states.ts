// POST /_pact/provider-states — the Pact verifier's state-change endpoint, for verifying Treaty
// against the official Pact Broker client's own pacts (shared/reference/peer-pacts/).
//
// TEST MODE ONLY: it empties the database on every call. It is registered only when
// TREATY_PROVIDER_STATES=1 (see config.ts), which is never the default.
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../../deps.ts';
import { ValidationError } from '../../errors.ts';
import { BrokerClient } from '../../provider-states/broker-client.ts';
import { pactBrokerClientStates, type StateContext } from '../../provider-states/pact-broker-client-states.ts';
import { resetAllData, setDeployedVersionUuid, setEnvironmentUuid } from '../../store/provider-state-data.ts';

export const PROVIDER_STATES_PATH = '/_pact/provider-states';

const StateChange = z.object({
  state: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  action: z.enum(['setup', 'teardown']).default('setup'),
});

/** The broker's own loopback address, so states can call its public API. */
function selfUrl(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.startsWith('::ffff:') ? address.slice(7) : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}

export function registerProviderStateRoutes(router: Router, deps: RouteDeps): void {
  router.post(PROVIDER_STATES_PATH, async (req, res) => {
    const parsed = StateChange.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new ValidationError(`Expected {"state": "...", "params": {...}, "action": "setup"|"teardown"}: ${parsed.error.message}`);
    const { state, action } = parsed.data;
    await resetAllData(deps.db);
    if (action === 'teardown' || !state) return void res.status(200).json({ state: state ?? null, action });

    const setup = pactBrokerClientStates[state];
    if (!setup)
      throw new ValidationError(
        `Unknown provider state "${state}". Known states are listed in broker/src/provider-states/pact-broker-client-states.ts.`,
      );
    const ctx: StateContext = {
      api: new BrokerClient(selfUrl(req)),
      setEnvironmentUuid: (name, uuid) => setEnvironmentUuid(deps.db, name, uuid),
      setDeployedVersionUuid: (from, to) => setDeployedVersionUuid(deps.db, from, to),
    };
    await setup(ctx);
    res.status(200).json({ state, action });
  });
}
