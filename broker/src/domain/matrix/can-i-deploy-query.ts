// `/can-i-deploy?pacticipant=Foo&version=1&environment=production` (or `&to=prod`) and the two URL
// forms, translated into matrix queries (PB matrix/parse_can_i_deploy_query.rb, can_i_deploy_query_schema.rb).
import { parseQueryPairs, lastValueOf } from './query-string.ts';
import { parseMatrixQuery, type MatrixQuery, type QueryIssue } from './selectors.ts';

export interface FieldIssue {
  field: string;
  message: string;
}

export type CanIDeployParse = { ok: true; query: MatrixQuery } | { ok: false; errors: FieldIssue[] };

/**
 * One selector with latestby cvp; a `to` tag adds `latest=true&tag=to`; an environment switches
 * latestby to cvpv, so every version co-resident in the environment must be compatible (PB #903).
 */
export function parseCanIDeployQuery(rawQuery: string): CanIDeployParse {
  const pairs = parseQueryPairs(rawQuery);
  const value = (k: string) => {
    const v = lastValueOf(pairs, k);
    return v === undefined || v === '' ? undefined : v;
  };
  const pacticipant = value('pacticipant');
  const version = value('version');
  const environment = value('environment');
  const to = value('to');
  const errors: FieldIssue[] = [];
  if (pacticipant === undefined) errors.push({ field: 'pacticipant', message: 'is missing' });
  if (version === undefined) errors.push({ field: 'version', message: 'is missing' });
  if (environment === undefined && to === undefined)
    errors.push({ field: 'environment', message: "Must specify either an environment or a 'to' tag." });
  if (environment !== undefined && to !== undefined)
    errors.push({ field: 'environment', message: "Cannot specify both a 'to' tag and an environment." });
  if (errors.length > 0 || pacticipant === undefined || version === undefined) return { ok: false, errors };
  const { options } = parseMatrixQuery(rawQuery);
  const query: MatrixQuery = {
    selectors: [{ pacticipant, version }],
    options:
      environment !== undefined
        ? { latestby: 'cvpv', environment, ignore: options.ignore }
        : { latestby: 'cvp', latest: true, tag: to!, ignore: options.ignore },
  };
  return { ok: true, query };
}

/** `/pacticipants/{p}/latest-version/{tag}/can-i-deploy/to/{to}`: the latest `tag` version against the latest `to` versions. */
export function tagToTagQuery(pacticipant: string, tag: string, to: string): MatrixQuery {
  return { selectors: [{ pacticipant, tag, latest: true }], options: { latestby: 'cvp', latest: true, tag: to, ignore: [] } };
}

/** `/pacticipants/{p}/branches/{b}/latest-version/can-i-deploy/to-environment/{env}`. */
export function branchToEnvironmentQuery(pacticipant: string, branch: string, environment: string): MatrixQuery {
  return { selectors: [{ pacticipant, branch, latest: true }], options: { latestby: 'cvpv', environment, ignore: [] } };
}

/** The matrix's issues in /can-i-deploy's words (field → messages). */
export function canIDeployIssues(issues: readonly QueryIssue[]): FieldIssue[] {
  return issues.map((i) => {
    if (i.notFound && 'pacticipant' in i.notFound)
      return { field: 'pacticipant', message: `No pacticipant with name '${i.notFound.pacticipant}' found` };
    if (i.notFound && 'environment' in i.notFound) return { field: 'environment', message: i.message };
    return { field: 'q', message: i.message };
  });
}
