import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { App } from '../app.tsx';
import { authorizationHeader, clearCredentials } from '../lib/credentials.ts';
import { at } from '../test-support.ts';

const dashboard = { data: { integrations: [] } };

afterEach(() => {
  vi.restoreAllMocks();
  clearCredentials();
});

/** A broker with auth on: 401 without the right Authorization header. */
function brokerExpecting(expected: string) {
  const seen: Array<string | undefined> = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (_input, init) => {
    const authorization = new Headers(init?.headers).get('authorization') ?? undefined;
    seen.push(authorization);
    if (authorization !== expected) {
      return new Response(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'Authentication required.' }), {
        status: 401,
        statusText: 'Unauthorized',
        headers: { 'content-type': 'application/problem+json' },
      });
    }
    return new Response(JSON.stringify(dashboard), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return seen;
}

describe('signing in when the broker has auth on', () => {
  test('a 401 shows a sign-in form; a token is sent as a bearer token and the page loads', async () => {
    const seen = brokerExpecting('Bearer tty_read_token');
    at('/ui/');
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'This broker needs you to sign in' })).toBeTruthy();
    expect(screen.getByText(/Authentication required/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Token'), { target: { value: ' tty_read_token ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('button', { name: 'Sign out' });
    await vi.waitFor(() => expect(screen.queryByRole('heading', { name: 'This broker needs you to sign in' })).toBeNull());
    expect(seen[0]).toBeUndefined();
    expect(seen.at(-1)).toBe('Bearer tty_read_token');
  });

  test('a basic-auth user is sent as HTTP Basic, UTF-8 encoded', async () => {
    const expected = authorizationHeader({ kind: 'basic', username: 'rëader', password: 'pa:ss' });
    expect(expected).toBe(`Basic ${Buffer.from('rëader:pa:ss', 'utf8').toString('base64')}`);
    const seen = brokerExpecting(expected!);
    at('/ui/');
    render(<App />);
    await screen.findByRole('heading', { name: 'This broker needs you to sign in' });
    fireEvent.click(screen.getByLabelText('Username and password'));
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'rëader' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pa:ss' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(seen.at(-1)).toBe(expected));
  });
});
