// Which GitHub repository a pacticipant's code lives in, from what the Pact Broker stores about it:
// `repositoryUrl` (https://github.com/acme/order-service, git@github.com:acme/order-service.git,
// ssh://git@ghe.example.com/acme/order-service) or `repositoryNamespace` + `repositoryName`.
// Only repositories on the configured GitHub are linked: github.com for https://api.github.com,
// otherwise the GitHub Enterprise host of TREATY_GITHUB_API_URL.

export interface GitHubRepository {
  owner: string;
  repo: string;
}

export interface RepositoryFields {
  repositoryUrl: string | null;
  repositoryNamespace: string | null;
  repositoryName: string | null;
}

/** The web host repositories of this API live on: github.com for api.github.com, else the API's own host. */
export function gitHubWebHost(apiUrl: string): string {
  const host = new URL(apiUrl).hostname.toLowerCase();
  return host === 'api.github.com' ? 'github.com' : host;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

function fromPath(path: string): GitHubRepository | undefined {
  const [owner, repoWithSuffix] = path.replace(/^\/+|\/+$/g, '').split('/');
  const repo = repoWithSuffix?.replace(/\.git$/, '');
  return owner && repo && NAME.test(owner) && NAME.test(repo) ? { owner, repo } : undefined;
}

/** Parses the URL forms git and browsers use; undefined for other hosts or unparseable text. */
export function parseRepositoryUrl(url: string, webHost: string): GitHubRepository | undefined {
  const text = url.trim();
  // scp-like git syntax: git@host:owner/repo.git
  const scp = /^[\w.-]+@([^:/]+):(.+)$/.exec(text);
  if (scp) return scp[1]!.toLowerCase() === webHost ? fromPath(scp[2]!) : undefined;
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
  if (parsed.hostname.toLowerCase() !== webHost) return undefined;
  const [owner, repo] = parsed.pathname.split('/').filter(Boolean);
  return owner && repo ? fromPath(`${owner}/${repo}`) : undefined;
}

export function linkedRepository(fields: RepositoryFields, apiUrl: string): GitHubRepository | undefined {
  const webHost = gitHubWebHost(apiUrl);
  if (fields.repositoryUrl) {
    const fromUrl = parseRepositoryUrl(fields.repositoryUrl, webHost);
    if (fromUrl) return fromUrl;
  }
  if (fields.repositoryNamespace && fields.repositoryName) return fromPath(`${fields.repositoryNamespace}/${fields.repositoryName}`);
  return undefined;
}

/** GitHub sets statuses on full commit SHAs (40 hex digits, or 64 in SHA-256 repositories). */
export function isFullCommitSha(versionNumber: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(versionNumber);
}
