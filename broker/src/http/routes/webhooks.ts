import type { Router } from 'express';
import type { RouteDeps } from '../../app.ts';

// TODO(issue 5): not implemented yet.
export function registerWebhookRoutes(_router: Router, _deps: RouteDeps): void {}
