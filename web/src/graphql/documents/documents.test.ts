// @vitest-environment node
// Every query the UI sends is valid against the broker's schema (broker/src/graphql/schema.graphql,
// read as a file: the UI never imports broker code). Catches drift before a browser does.
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, test } from 'vitest';
import { DASHBOARD_QUERY } from './dashboard.ts';
import { CAN_I_DEPLOY_QUERY, ENVIRONMENT_QUERY, ENVIRONMENTS_QUERY } from './environments.ts';
import { CONTRACT_QUERY } from './contract.ts';
import { FILTER_OPTIONS_QUERY, MATRIX_QUERY } from './matrix.ts';
import { NETWORK_LAYOUT_QUERY, NETWORK_QUERY } from './network.ts';
import { PACTICIPANT_QUERY } from './pacticipant.ts';
import { WEBHOOKS_QUERY } from './webhooks.ts';
import { SCHEMA_SUBJECT_QUERY } from './schema.ts';
import { ENVIRONMENT_HEALTH_QUERY, HEALTH_SUMMARIES_QUERY, PROMOTION_PLAN_QUERY } from './health.ts';

const schema = buildSchema(readFileSync(new URL('../../../../broker/src/graphql/schema.graphql', import.meta.url), 'utf8'));

const documents = {
  DASHBOARD_QUERY,
  MATRIX_QUERY,
  FILTER_OPTIONS_QUERY,
  NETWORK_QUERY,
  NETWORK_LAYOUT_QUERY,
  PACTICIPANT_QUERY,
  CONTRACT_QUERY,
  ENVIRONMENTS_QUERY,
  ENVIRONMENT_QUERY,
  CAN_I_DEPLOY_QUERY,
  WEBHOOKS_QUERY,
  SCHEMA_SUBJECT_QUERY,
  HEALTH_SUMMARIES_QUERY,
  ENVIRONMENT_HEALTH_QUERY,
  PROMOTION_PLAN_QUERY,
};

describe('GraphQL documents', () => {
  test.each(Object.entries(documents))('%s is valid against broker/src/graphql/schema.graphql', (_name, document) => {
    const errors = validate(schema, parse(document));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
