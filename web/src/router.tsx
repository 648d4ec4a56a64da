// A small History API router: real paths under /ui (no hash), so a link pasted into a chat opens
// the same view. Filters live in the query string. No dependency: the route table is the union below.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export const BASE = '/ui';

/** Every view of the UI. `parseRoute` and `routeHref` are inverses of each other. */
export type Route =
  | { page: 'dashboard' }
  | { page: 'matrix' }
  | { page: 'network' }
  | { page: 'pacticipant'; name: string }
  | { page: 'contract'; provider: string; consumer: string; version: string }
  | { page: 'environments' }
  | { page: 'environment'; name: string }
  | { page: 'webhooks' }
  | { page: 'schema'; subject: string }
  | { page: 'not-found'; path: string };

const enc = encodeURIComponent;

export function routeHref(
  route: Exclude<Route, { page: 'not-found' }>,
  query?: Record<string, string | undefined> | URLSearchParams,
): string {
  let path: string;
  switch (route.page) {
    case 'dashboard':
      path = '/';
      break;
    case 'matrix':
      path = '/matrix';
      break;
    case 'network':
      path = '/network';
      break;
    case 'pacticipant':
      path = `/pacticipants/${enc(route.name)}`;
      break;
    case 'contract':
      path = `/pacts/${enc(route.provider)}/${enc(route.consumer)}/${enc(route.version)}`;
      break;
    case 'environments':
      path = '/environments';
      break;
    case 'environment':
      path = `/environments/${enc(route.name)}`;
      break;
    case 'webhooks':
      path = '/webhooks';
      break;
    case 'schema':
      // one segment: subjects may hold dots and slashes (order-events/OrderPlaced), so they are encoded
      path = `/schemas/${enc(route.subject)}`;
      break;
    default: {
      const unreachable: never = route;
      throw new Error(`unknown route ${JSON.stringify(unreachable)}`);
    }
  }
  const search = toSearch(query);
  return `${BASE}${path}${search}`;
}

function toSearch(query: Record<string, string | undefined> | URLSearchParams | undefined): string {
  if (!query) return '';
  const params = query instanceof URLSearchParams ? new URLSearchParams(query) : new URLSearchParams();
  if (!(query instanceof URLSearchParams)) {
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest
    .split('/')
    .filter((p) => p !== '')
    .map(safeDecode);
  const [first, ...others] = parts;
  if (first === undefined) return { page: 'dashboard' };
  if (first === 'matrix' && others.length === 0) return { page: 'matrix' };
  if (first === 'network' && others.length === 0) return { page: 'network' };
  if (first === 'environments' && others.length === 0) return { page: 'environments' };
  if (first === 'webhooks' && others.length === 0) return { page: 'webhooks' };
  if (first === 'environments' && others.length === 1) return { page: 'environment', name: others[0]! };
  if (first === 'pacticipants' && others.length === 1) return { page: 'pacticipant', name: others[0]! };
  if (first === 'schemas' && others.length === 1) return { page: 'schema', subject: others[0]! };
  if (first === 'pacts' && others.length === 3)
    return { page: 'contract', provider: others[0]!, consumer: others[1]!, version: others[2]! };
  return { page: 'not-found', path: pathname };
}

const NAVIGATE_EVENT = 'treaty:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export interface CurrentLocation {
  pathname: string;
  search: URLSearchParams;
  route: Route;
}

/** The current location; re-renders on navigation (links, back/forward). */
export function useLocation(): CurrentLocation {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  const url = new URL(href, 'http://treaty.invalid');
  return { pathname: url.pathname, search: url.searchParams, route: parseRoute(url.pathname) };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  if (!options.replace) window.scrollTo?.(0, 0);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

/** An <a> with a real href (open in new tab, copy link) that navigates in-app on a plain click. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
