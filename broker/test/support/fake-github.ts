// A fake GitHub REST API on 127.0.0.1 for the commit-status tests: it records each request (path,
// headers, JSON body) and answers with the responses a test queues (rate limits, 404, 500), or
// 201 Created like GitHub's POST /repos/{owner}/{repo}/statuses/{sha}.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeGitHub {
  /** Use as TREATY_GITHUB_API_URL. Repositories "live" on the same host, as on GitHub Enterprise. */
  apiUrl: string;
  requests: GitHubRequest[];
  /** The next requests get these answers, in order; afterwards 201. */
  respondWith(...responses: FakeResponse[]): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const requests: GitHubRequest[] = [];
  const queue: FakeResponse[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      const next = queue.shift();
      const status = next?.status ?? 201;
      const body = next?.body ?? (status === 201 ? { id: requests.length, state: (JSON.parse(text || '{}') as { state?: string }).state } : { message: `fake GitHub answered ${status}` });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...next?.headers }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    requests,
    respondWith: (...responses) => queue.push(...responses),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
