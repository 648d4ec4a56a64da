import { describe, expect, it } from 'vitest';
import { isHost } from './hal.ts';

describe('isHost (Host and X-Forwarded-Host values that may appear in links)', () => {
  it.each(['localhost', 'broker.example.com', 'broker.example.com.', 'broker:9292', '127.0.0.1:9292', '[::1]:9292', 'my_host'])(
    'accepts %s',
    (host) => expect(isHost(host)).toBe(true),
  );
  it.each(['', 'a b', 'evil%%host', 'javascript:alert(1)', 'host/path', 'user@host', 'host:99999999', '-leading', '\u00ffhost'])(
    'refuses %j',
    (host) => expect(isHost(host)).toBe(false),
  );
});
