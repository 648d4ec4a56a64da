import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('the broker log never shows credentials (issue 6)', () => {
  it('redacts authorization headers, passwords and tokens wherever they are logged', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ logLevel: 'info' }, sink);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer tty_secret1', Authorization: 'Basic c2VjcmV0Mg==' } },
        webhook: { request: { headers: { authorization: 'Bearer secret3' }, password: 'secret4' } },
        config: { auth: { adminToken: 'secret5', readWriteUser: { password: 'secret6' } } },
      },
      'something happened',
    );
    const output = lines.join('');
    expect(output).toContain('something happened');
    for (const secret of ['tty_secret1', 'c2VjcmV0Mg==', 'secret3', 'secret4', 'secret5', 'secret6']) expect(output).not.toContain(secret);
    expect(pino).toBeDefined();
  });
});
