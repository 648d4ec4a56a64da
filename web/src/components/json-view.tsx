import type { Json } from '../graphql/documents/contract.ts';

/** Pretty-printed JSON in a scrollable block; strings stay quoted so types stay visible. */
export function JsonBlock({ value, label }: { value: Json | undefined; label?: string }) {
  if (value === undefined) return null;
  return (
    <pre className="json" aria-label={label} tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** A JSON value inline: short values as code, long ones in a block. */
export function JsonValue({ value }: { value: Json | undefined }) {
  if (value === undefined) return <span className="muted">—</span>;
  const text = JSON.stringify(value);
  if (text.length <= 60) return <code>{text}</code>;
  return <JsonBlock value={value} />;
}
