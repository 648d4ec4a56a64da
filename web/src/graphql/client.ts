// A tiny GraphQL client: POST /graphql, typed results, and errors a person can read.
// A document carries its result and variable types (`gql<Data, Vars>(...)`), so callers get
// typed data without a code generator.
import { authorizationHeader } from '../lib/credentials.ts';

declare const documentTypes: unique symbol;

export type Document<TData, TVars> = string & { readonly [documentTypes]?: { data: TData; vars: TVars } };

export function gql<TData, TVars extends Record<string, unknown> = Record<string, never>>(source: string): Document<TData, TVars> {
  return source as Document<TData, TVars>;
}

export const GRAPHQL_ENDPOINT = '/graphql';

export interface GraphQLErrorItem {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

/** Why a request failed; each kind gets its own message in the UI. */
export type FailureKind = 'network' | 'http' | 'graphql' | 'invalid-response';

export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError';
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    readonly errors: GraphQLErrorItem[] = [],
  ) {
    super(message);
  }
}

interface ProblemBody {
  title?: string;
  detail?: string;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function httpFailure(response: Response, body: unknown): GraphQLRequestError {
  const problem = typeof body === 'object' && body !== null ? (body as ProblemBody & { errors?: GraphQLErrorItem[] }) : {};
  const fromErrors = Array.isArray(problem.errors) ? problem.errors.map((e) => e.message).join('; ') : undefined;
  const detail = problem.detail ?? fromErrors ?? problem.title ?? (typeof body === 'string' && body.length < 300 ? body : undefined);
  // 401/403 get a sign-in form instead of a hint (components/query-state.tsx).
  const hint = response.status === 404 ? ' Is this broker new enough to serve the GraphQL API at /graphql?' : '';
  return new GraphQLRequestError(
    'http',
    `The broker answered ${response.status} ${response.statusText}${detail ? `: ${detail}` : '.'}${hint}`,
    response.status,
    problem.errors ?? [],
  );
}

export async function request<TData, TVars>(
  document: Document<TData, TVars>,
  variables: TVars,
  init: { signal?: AbortSignal; fetchImpl?: typeof fetch } = {},
): Promise<TData> {
  const doFetch = init.fetchImpl ?? fetch;
  const authorization = authorizationHeader();
  let response: Response;
  try {
    response = await doFetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(authorization ? { authorization } : {}),
      },
      body: JSON.stringify({ query: document, variables }),
      signal: init.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new GraphQLRequestError(
      'network',
      'Could not reach the Treaty broker. Check that it is running and that your network connection works.',
    );
  }
  const body = await readBody(response);
  const result = typeof body === 'object' && body !== null ? (body as { data?: TData | null; errors?: GraphQLErrorItem[] }) : undefined;
  if (result?.errors && result.errors.length > 0) {
    const messages = result.errors.map((e) => e.message).join('\n');
    throw new GraphQLRequestError('graphql', messages, response.status, result.errors);
  }
  if (!response.ok) throw httpFailure(response, body);
  if (!result || result.data === undefined || result.data === null) {
    throw new GraphQLRequestError('invalid-response', 'The broker sent a response the UI cannot read (no GraphQL data).', response.status);
  }
  return result.data;
}
