// A version number as tables show it: a git SHA shortened to 7 characters (the full value on hover and one click
// away on the clipboard), anything else as it is.
import { useState } from 'react';

const SHA = /^[0-9a-f]{12,64}$/i;

export function shortVersion(value: string): string {
  return SHA.test(value) ? value.slice(0, 7) : value;
}

export function ShortVersion({ value }: { value: string }) {
  const [copied, setCopied] = useState(false);
  const short = shortVersion(value);
  if (short === value) return <span className="mono version">{value}</span>;
  const copy = () => {
    void navigator.clipboard?.writeText(value).then(() => setCopied(true));
  };
  return (
    <span className="version-short">
      <span className="mono version" title={value} data-full={value}>
        {short}
      </span>
      <button
        type="button"
        className="copy"
        onClick={copy}
        aria-label={`Copy ${value}`}
        title={copied ? 'Copied' : 'Copy the full version'}
      >
        {copied ? 'copied' : 'copy'}
      </button>
    </span>
  );
}
