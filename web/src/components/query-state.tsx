// Loading, error and empty states, shared by every page. An error always says what happened and
// offers a retry.
import type { ReactNode } from 'react';
import type { GraphQLRequestError } from '../graphql/client.ts';
import type { QueryHandle } from '../graphql/use-query.ts';
import { SignIn } from './sign-in.tsx';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

const headings = {
  network: 'Cannot reach the broker',
  http: 'The broker returned an error',
  graphql: 'The query failed',
  'invalid-response': 'Unexpected response',
} as const satisfies Record<GraphQLRequestError['kind'], string>;

export function ErrorMessage({ error, onRetry }: { error: GraphQLRequestError; onRetry?: () => void }) {
  if (error.kind === 'http' && (error.status === 401 || error.status === 403) && onRetry) {
    return <SignIn status={error.status} detail={error.message} onSignedIn={onRetry} />;
  }
  return (
    <div className="error-box" role="alert">
      <h2>{headings[error.kind]}</h2>
      <p className="error-detail">{error.message}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-hint">{children}</div> : null}
    </div>
  );
}

/** Renders `children(data)` once the query succeeded; loading and error states otherwise. */
export function QueryView<TData>({
  query,
  loadingLabel,
  children,
}: {
  query: QueryHandle<TData>;
  loadingLabel?: string;
  children: (data: TData) => ReactNode;
}) {
  const { result, retry } = query;
  switch (result.status) {
    case 'loading':
      return result.previous !== undefined ? (
        <div className="refreshing" aria-busy="true">
          {children(result.previous)}
        </div>
      ) : (
        <Loading {...(loadingLabel ? { label: loadingLabel } : {})} />
      );
    case 'error':
      return <ErrorMessage error={result.error} onRetry={retry} />;
    case 'success':
      return <>{children(result.data)}</>;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}
