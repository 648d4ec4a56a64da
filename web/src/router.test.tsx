import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { Link, parseRoute, routeHref, useLocation, type Route } from './router.tsx';

describe('routes (deep links under /ui)', () => {
  const routes: Array<[string, Route]> = [
    ['/ui/', { page: 'dashboard' }],
    ['/ui/matrix', { page: 'matrix' }],
    ['/ui/network', { page: 'network' }],
    ['/ui/pacticipants/order-service', { page: 'pacticipant', name: 'order-service' }],
    [
      '/ui/pacts/payment-service/order-service/1.2.3',
      { page: 'contract', provider: 'payment-service', consumer: 'order-service', version: '1.2.3' },
    ],
    ['/ui/environments', { page: 'environments' }],
    ['/ui/environments/production', { page: 'environment', name: 'production' }],
  ];

  test.each(routes)('%s parses and prints back to the same path', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
    if (route.page !== 'not-found') expect(routeHref(route)).toBe(path);
  });

  test('names with slashes, spaces and dots survive the round trip (versions are often 1.2.3, branches feat/x)', () => {
    const route = { page: 'contract', provider: 'Payment Service', consumer: 'web/app', version: 'feat/x+1.0' } as const;
    expect(parseRoute(routeHref(route))).toEqual(route);
  });

  test('filters go in the query string, empty values are left out', () => {
    expect(routeHref({ page: 'matrix' }, { pacticipant: 'order', branch: '', latestBy: 'CVP' })).toBe(
      '/ui/matrix?pacticipant=order&latestBy=CVP',
    );
  });

  test('an unknown path is a not-found route, not the dashboard', () => {
    expect(parseRoute('/ui/nope/really')).toEqual({ page: 'not-found', path: '/ui/nope/really' });
  });
});

function Where() {
  const { pathname, search } = useLocation();
  return <output aria-label="where">{pathname + (search.toString() ? `?${search}` : '')}</output>;
}

describe('Link', () => {
  test('navigates with the History API on a plain click (no reload) and keeps a real href', () => {
    render(
      <>
        <Link to="/ui/matrix?pacticipant=a">Matrix</Link>
        <Where />
      </>,
    );
    const link = screen.getByRole('link', { name: 'Matrix' });
    expect(link.getAttribute('href')).toBe('/ui/matrix?pacticipant=a');
    fireEvent.click(link);
    expect(window.location.pathname).toBe('/ui/matrix');
    expect(screen.getByLabelText('where').textContent).toBe('/ui/matrix?pacticipant=a');
  });

  test('leaves ctrl/cmd-clicks to the browser (open in a new tab)', () => {
    render(<Link to="/ui/network">Network</Link>);
    fireEvent.click(screen.getByRole('link', { name: 'Network' }), { ctrlKey: true });
    expect(window.location.pathname).toBe('/ui/');
  });
});
