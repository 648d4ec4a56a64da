// Which code runs each kind of job. One line per kind; the handlers live beside this file.
import type { JobHandler } from './queue.ts';
import { runSchemaCheck } from './schema-check.ts';
import { deliverWebhook } from './webhook-delivery.ts';

export const jobHandlers: Record<string, JobHandler> = {
  webhook: deliverWebhook,
  'schema-check': runSchemaCheck,
};
