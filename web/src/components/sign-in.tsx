// Shown instead of an error when the broker answers 401 (no or wrong credentials) or 403 (the token
// lacks the read scope): a person pastes a token (or a Pact Broker basic-auth user) and the page retries.
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { clearCredentials, loadCredentials, saveCredentials, subscribeCredentials } from '../lib/credentials.ts';

export function SignIn({ status, detail, onSignedIn }: { status: number; detail: string; onSignedIn: () => void }) {
  const [mode, setMode] = useState<'bearer' | 'basic'>('bearer');
  const [token, setToken] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'bearer') {
      if (token.trim() === '') return;
      saveCredentials({ kind: 'bearer', token: token.trim() });
    } else {
      if (username === '') return;
      saveCredentials({ kind: 'basic', username, password });
    }
    onSignedIn();
  };
  return (
    <div className="error-box sign-in" role="alert">
      <h2>{status === 403 ? 'Your credentials may not read this broker' : 'This broker needs you to sign in'}</h2>
      <p className="error-detail">{detail}</p>
      <p className="small">
        Use an API token with the read scope (an admin creates one with <code>treaty token create --scope read</code>), or the broker&apos;s
        basic-auth user. It is kept in this browser tab only.
      </p>
      <form onSubmit={submit} className="form" aria-label="Sign in">
        <fieldset className="field">
          <legend className="visually-hidden">Kind of credentials</legend>
          <label>
            <input type="radio" name="credential-kind" checked={mode === 'bearer'} onChange={() => setMode('bearer')} /> API token
          </label>{' '}
          <label>
            <input type="radio" name="credential-kind" checked={mode === 'basic'} onChange={() => setMode('basic')} /> Username and password
          </label>
        </fieldset>
        {mode === 'bearer' ? (
          <div className="field">
            <label htmlFor="sign-in-token">Token</label>
            <input
              id="sign-in-token"
              type="password"
              autoComplete="off"
              required
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor="sign-in-username">Username</label>
              <input
                id="sign-in-username"
                autoComplete="username"
                required
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="sign-in-password">Password</label>
              <input
                id="sign-in-password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
          </>
        )}
        <div className="field field-actions">
          <button type="submit" className="button primary">
            Sign in
          </button>
        </div>
      </form>
    </div>
  );
}

/** "Sign out" in the top bar while credentials are kept. */
export function SignOut() {
  const signedIn = useSyncExternalStore(subscribeCredentials, () => loadCredentials() !== undefined);
  if (!signedIn) return null;
  return (
    <button
      type="button"
      className="button sign-out"
      onClick={() => {
        clearCredentials();
        window.location.reload();
      }}
    >
      Sign out
    </button>
  );
}
