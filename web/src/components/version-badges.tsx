import { Tag } from './status-badge.tsx';

export interface BadgeableVersion {
  branches: Array<{ name: string; latest?: boolean }>;
  tags?: Array<{ name: string }>;
  deployments?: Array<{ environment: { name: string; production: boolean } }>;
  releases?: Array<{ environment: { name: string; production: boolean } }>;
}

/** Branch, environment and tag chips for a version; each chip names its kind for screen readers. */
export function VersionBadges({ version }: { version: BadgeableVersion }) {
  const environments = new Map<string, boolean>();
  for (const d of [...(version.deployments ?? []), ...(version.releases ?? [])])
    environments.set(d.environment.name, d.environment.production);
  if (version.branches.length === 0 && environments.size === 0 && (version.tags ?? []).length === 0) return null;
  return (
    <span className="chips">
      {version.branches.map((b) => (
        <Tag key={`b-${b.name}`} kind="branch" title={`branch ${b.name}${b.latest ? ' (head)' : ''}`}>
          {b.name}
        </Tag>
      ))}
      {[...environments].map(([name, production]) => (
        <Tag key={`e-${name}`} kind={production ? 'env-prod' : 'env'} title={`in environment ${name}${production ? ' (production)' : ''}`}>
          {name}
        </Tag>
      ))}
      {(version.tags ?? []).map((t) => (
        <Tag key={`t-${t.name}`} kind="tag">
          {t.name}
        </Tag>
      ))}
    </span>
  );
}
