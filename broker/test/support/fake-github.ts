// A fake GitHub REST API on 127.0.0.1 for the commit-status and check-run tests: it records each
// request (path, headers, JSON body) and answers with the responses a test queues (rate limits, 404,
// 500), or as GitHub does: 201 Created for POST /repos/{owner}/{repo}/statuses/{sha} and
// POST /repos/{owner}/{repo}/check-runs (which it keeps, and lists on
// GET /repos/{owner}/{repo}/commits/{ref}/check-runs); 401 for a check run sent without a token.
// `commitState` tells what GitHub shows for a commit and context: the last status it accepted.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The status code the fake answered (set once it answers). */
  answeredWith?: number;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** GitHub does the work anyway and this answer replaces its own (a timeout at a proxy, a lost answer). */
  afterActing?: boolean;
  /** The answer waits until this settles (a call still in flight while something else happens). */
  heldUntil?: Promise<unknown>;
}

export interface FakeGitHub {
  /** Use as TREATY_GITHUB_API_URL. Repositories "live" on the same host, as on GitHub Enterprise. */
  apiUrl: string;
  requests: GitHubRequest[];
  /** The check runs created, as GitHub would list them. */
  checkRuns: Array<Record<string, unknown> & { id: number; repo: string }>;
  /** The state GitHub shows for a commit and context: that of the last status it accepted (2xx), if any. */
  commitState(sha: string, context: string): string | undefined;
  /** The next requests get these answers, in order; afterwards GitHub's usual ones. */
  respondWith(...responses: FakeResponse[]): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const requests: GitHubRequest[] = [];
  const queue: FakeResponse[] = [];
  const checkRuns: FakeGitHub['checkRuns'] = [];
  /** GitHub's own answer when no response is queued. */
  const answer = (request: GitHubRequest): FakeResponse => {
    const url = new URL(request.path, 'http://fake');
    const create = /^\/repos\/([^/]+\/[^/]+)\/check-runs$/.exec(url.pathname);
    if (create && request.method === 'POST') {
      if (!request.headers.authorization) return { status: 401, body: { message: 'Requires authentication' } };
      const run = { ...request.body, id: checkRuns.length + 1, repo: create[1]! };
      checkRuns.push(run);
      return { status: 201, body: run };
    }
    const list = /^\/repos\/([^/]+\/[^/]+)\/commits\/([^/]+)\/check-runs$/.exec(url.pathname);
    if (list && request.method === 'GET') {
      const name = url.searchParams.get('check_name');
      const runs = checkRuns.filter((r) => r.repo === list[1] && r.head_sha === list[2] && (name === null || r.name === name));
      return { status: 200, body: { total_count: runs.length, check_runs: runs } };
    }
    return { status: 201, body: { id: requests.length, state: request.body.state } };
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: GitHubRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      requests.push(request);
      const queued = queue.shift();
      void Promise.resolve(queued?.heldUntil).then(() => {
        if (queued?.afterActing) answer(request);
        const next = queued ?? answer(request);
        const body = next.body ?? { message: `fake GitHub answered ${next.status}` };
        request.answeredWith = next.status;
        res.writeHead(next.status, { 'content-type': 'application/json; charset=utf-8', ...next.headers }).end(JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    requests,
    checkRuns,
    commitState: (sha, context) =>
      requests
        .filter(
          (r) =>
            r.method === 'POST' &&
            r.path.endsWith(`/statuses/${sha}`) &&
            r.body.context === context &&
            r.answeredWith !== undefined &&
            r.answeredWith < 300,
        )
        .map((r) => String(r.body.state))
        .at(-1),
    respondWith: (...responses) => queue.push(...responses),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
