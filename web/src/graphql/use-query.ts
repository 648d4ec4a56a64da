// useQuery: runs a GraphQL document when its variables change, with loading and error states and a
// retry. Results are a discriminated union, so a page cannot read data before it has arrived.
import { useCallback, useEffect, useRef, useState } from 'react';
import { request, GraphQLRequestError, type Document } from './client.ts';

export type QueryResult<TData> =
  { status: 'loading'; previous?: TData } | { status: 'error'; error: GraphQLRequestError } | { status: 'success'; data: TData };

export interface QueryHandle<TData> {
  result: QueryResult<TData>;
  retry: () => void;
}

function asRequestError(error: unknown): GraphQLRequestError {
  if (error instanceof GraphQLRequestError) return error;
  return new GraphQLRequestError('network', error instanceof Error ? error.message : String(error));
}

export function useQuery<TData, TVars>(
  document: Document<TData, TVars>,
  variables: TVars,
  options: { skip?: boolean } = {},
): QueryHandle<TData> {
  const key = JSON.stringify(variables);
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<QueryResult<TData>>({ status: 'loading' });
  // The last data and the variables it answered. It is shown while the same query reloads (a retry), never
  // under different variables: an old answer beside a new question reads as the answer to that question.
  const last = useRef<{ key: string; data: TData } | undefined>(undefined);

  useEffect(() => {
    if (options.skip) return undefined;
    const controller = new AbortController();
    const previous = last.current?.key === key ? last.current.data : undefined;
    setResult({ status: 'loading', ...(previous !== undefined ? { previous } : {}) });
    request(document, JSON.parse(key) as TVars, { signal: controller.signal }).then(
      (data) => {
        // A response that lands after its variables changed belongs to the old question.
        if (controller.signal.aborted) return;
        last.current = { key, data };
        setResult({ status: 'success', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({ status: 'error', error: asRequestError(error) });
      },
    );
    return () => controller.abort();
  }, [document, key, attempt, options.skip]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { result, retry };
}

/** Runs a document on demand (forms); the same result union, plus an idle state. */
export function useLazyQuery<TData, TVars>(document: Document<TData, TVars>) {
  const [result, setResult] = useState<QueryResult<TData> | { status: 'idle' }>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const run = useCallback(
    async (variables: TVars) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setResult({ status: 'loading' });
      try {
        const data = await request(document, variables, { signal: current.signal });
        setResult({ status: 'success', data });
      } catch (error) {
        if (!current.signal.aborted) setResult({ status: 'error', error: asRequestError(error) });
      }
    },
    [document],
  );
  useEffect(() => () => controller.current?.abort(), []);
  return { result, run };
}
