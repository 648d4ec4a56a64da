// The credentials the UI sends with its GraphQL requests when the broker has auth on: a bearer token
// or a Pact Broker basic-auth user. Kept in sessionStorage: they last for this browser tab and are
// gone when it closes, and no other site can read them.
const KEY = 'treaty.credentials';

export type Credentials = { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string };

function storage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    return undefined; // storage disabled by the browser's privacy settings
  }
}

export function loadCredentials(): Credentials | undefined {
  const raw = storage()?.getItem(KEY);
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Credentials;
    return parsed.kind === 'bearer' || parsed.kind === 'basic' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredentials(credentials: Credentials): void {
  storage()?.setItem(KEY, JSON.stringify(credentials));
  notify();
}

export function clearCredentials(): void {
  storage()?.removeItem(KEY);
  notify();
}

/** The Authorization header value, or undefined when signed out. */
export function authorizationHeader(credentials: Credentials | undefined = loadCredentials()): string | undefined {
  if (!credentials) return undefined;
  if (credentials.kind === 'bearer') return `Bearer ${credentials.token}`;
  const bytes = new TextEncoder().encode(`${credentials.username}:${credentials.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

const listeners = new Set<() => void>();
function notify(): void {
  for (const l of listeners) l();
}
/** For components that show the signed-in state (useSyncExternalStore). */
export function subscribeCredentials(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
