// The older Pact Broker client pact (pact_broker_client-pact_broker.json) requests placeholder
// paths like /HAL-REL-PLACEHOLDER-PB-WEBHOOKS instead of real ones, because its consumer test only
// knows the HAL relation. The Pact Broker's own test harness maps them to real paths before
// verifying (spec/service_consumers/hal_relation_proxy_app.rb); this proxy does the same for Treaty.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const FOO_VERSION = '/pacticipants/Foo/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30';

export const placeholderPaths: Record<string, string> = {
  '/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-TAGGED-VERSION-Condor-production': '/pacticipants/Condor/latest-version/production',
  '/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-VERSION-Condor': '/pacticipants/Condor/latest-version',
  '/HAL-REL-PLACEHOLDER-PB-WEBHOOKS': '/webhooks',
  '/HAL-REL-PLACEHOLDER-PB-ENVIRONMENTS': '/environments',
  '/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-VERSION-Foo-5556b8149bf8bac76bc30f50a8a2dd4c22c85f30': FOO_VERSION,
  '/HAL-REL-PLACEHOLDER-PB-RECORD-DEPLOYMENT-FOO-5556B8149BF8BAC76BC30F50A8A2DD4C22C85F30-TEST': `${FOO_VERSION}/deployed-versions/environment/cb632df3-0a0d-4227-aac3-60114dd36479`,
  // The pact records this release in the state "...with a test environment available for deployment" (uuid cb632df3-...).
  '/HAL-REL-PLACEHOLDER-PB-RECORD-RELEASE-FOO-5556B8149BF8BAC76BC30F50A8A2DD4C22C85F30-TEST': `${FOO_VERSION}/released-versions/environment/cb632df3-0a0d-4227-aac3-60114dd36479`,
  '/HAL-REL-PLACEHOLDER-PB-PUBLISH-CONTRACTS': '/contracts/publish',
  '/PLACEHOLDER-DEPLOYED-VERSION-ff3adecf-cfc5-4653-a4e3-f1861092f8e0': '/deployed-versions/ff3adecf-cfc5-4653-a4e3-f1861092f8e0',
  '/PLACEHOLDER-ENVIRONMENT-CURRENTLY-DEPLOYED-16926ef3-590f-4e3f-838e-719717aa88c9':
    '/environments/16926ef3-590f-4e3f-838e-719717aa88c9/deployed-versions/currently-deployed',
  '/HAL-REL-PLACEHOLDER-PB-ENVIRONMENT-16926ef3-590f-4e3f-838e-719717aa88c9': '/environments/16926ef3-590f-4e3f-838e-719717aa88c9',
  '/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-BRANCH-Foo-main': '/pacticipants/Foo/branches/main',
};

export function rewritePlaceholderPath(url: string): string {
  const [path, query] = url.split('?', 2) as [string, string | undefined];
  const real = placeholderPaths[path] ?? path;
  return query === undefined ? real : `${real}?${query}`;
}

/** Starts a loopback proxy that rewrites placeholder paths and forwards everything to `target`. */
export async function startPlaceholderProxy(target: string): Promise<{ port: number; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: rewritePlaceholderPath(req.url ?? '/'),
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy error: ${err.message}`);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
