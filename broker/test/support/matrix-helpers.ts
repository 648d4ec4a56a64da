// Small helpers for the matrix/can-i-deploy HTTP tests.
import type { MatrixResponse } from '@treaty/wire';
import type { TestBroker } from './test-broker.ts';

export interface CanIDeployAnswer {
  status: number;
  body: MatrixResponse;
  deployable: boolean | null | undefined;
  reasons: string[];
}

export async function get(broker: TestBroker, url: string): Promise<CanIDeployAnswer> {
  const res = await broker.request.get(url).set('Accept', 'application/hal+json, application/json');
  const body = res.body as MatrixResponse;
  return { status: res.status, body, deployable: body.summary?.deployable, reasons: body.summary?.reason?.split('\n') ?? [] };
}

export const canIDeployToEnv = (broker: TestBroker, pacticipant: string, version: string, env: string, extra = '') =>
  get(
    broker,
    `/can-i-deploy?pacticipant=${encodeURIComponent(pacticipant)}&version=${encodeURIComponent(version)}&environment=${encodeURIComponent(env)}${extra}`,
  );

/** What the Ruby CLI sends for `can-i-deploy --pacticipant P --version V --to-environment E`. */
export const cliToEnv = (broker: TestBroker, pacticipant: string, version: string, env: string, extra = '') =>
  get(
    broker,
    `/matrix?q[][pacticipant]=${encodeURIComponent(pacticipant)}&q[][version]=${encodeURIComponent(version)}&latestby=cvp&environment=${encodeURIComponent(env)}${extra}`,
  );
