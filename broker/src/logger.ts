import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger } from 'pino';

/** Structured JSON logs. Secrets are redacted wherever they could appear. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.Authorization',
        'headers.authorization',
        'headers.Authorization',
        '*.headers.authorization',
        '*.headers.Authorization',
        '*.*.headers.authorization',
        '*.*.headers.Authorization',
        '*.password',
        '*.*.password',
        '*.token',
        'config.database.url',
        'config.auth.adminToken',
        'config.auth.*.password',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
