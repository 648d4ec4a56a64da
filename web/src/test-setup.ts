import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  if (typeof window !== 'undefined') window.history.replaceState(null, '', '/ui/');
});

// jsdom does not scroll; the router scrolls to the top after navigating.
if (typeof window !== 'undefined') window.scrollTo = () => {};
