import { statusPresentation, type Status } from '../lib/status.ts';

export function StatusBadge({ status, compact = false, label }: { status: Status; compact?: boolean; label?: string }) {
  const p = statusPresentation[status];
  return (
    <span className={`badge badge-${p.tone}`} title={p.description} data-status={status}>
      <span aria-hidden="true" className="badge-symbol">
        {p.symbol}
      </span>
      {compact ? <span className="visually-hidden">{label ?? p.label}</span> : (label ?? p.label)}
    </span>
  );
}

/** A small neutral label: branch, tag, environment. */
export function Tag({
  kind,
  children,
  title,
}: {
  kind: 'branch' | 'env' | 'env-prod' | 'tag' | 'pending' | 'latest';
  children: string;
  title?: string;
}) {
  const prefix = { branch: 'branch', env: 'env', 'env-prod': 'env', tag: 'tag', pending: '', latest: '' }[kind];
  return (
    <span className={`chip chip-${kind}`} title={title ?? (prefix ? `${prefix}: ${children}` : children)}>
      {prefix ? <span className="visually-hidden">{prefix}: </span> : null}
      {children}
    </span>
  );
}
