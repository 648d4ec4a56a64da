// The only place payment-service reads the environment.
export interface Config {
  port: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = env.PORT?.trim();
  const port = raw ? Number(raw) : 8081;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a TCP port number (0-65535), got "${raw ?? ''}".`);
  }
  return { port };
}
