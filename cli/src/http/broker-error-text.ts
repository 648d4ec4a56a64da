// Turns a broker's error response into the text a user reads. Treaty answers RFC 9457 problem+json
// (printed as `title: detail`); the Ruby Pact Broker answers `{errors: {...}}` or `{errors: [...]}`;
// a proxy in between may answer HTML. Each gets a readable line; nothing is dumped raw unless --verbose.

interface ProblemLike {
  title?: unknown;
  detail?: unknown;
  errors?: unknown;
  notices?: unknown;
  message?: unknown;
  error?: unknown;
}

function errorLines(errors: unknown): string[] {
  if (Array.isArray(errors)) return errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  if (typeof errors === 'object' && errors !== null) {
    return Object.entries(errors as Record<string, unknown>).flatMap(([field, messages]) => {
      const list = Array.isArray(messages) ? messages : [messages];
      return list.map((m) => `${field}: ${typeof m === 'string' ? m : JSON.stringify(m)}`);
    });
  }
  return typeof errors === 'string' ? [errors] : [];
}

function noticeLines(notices: unknown): string[] {
  if (!Array.isArray(notices)) return [];
  return notices
    .filter(
      (n): n is { type?: unknown; text: string } =>
        typeof n === 'object' && n !== null && typeof (n as { text?: unknown }).text === 'string',
    )
    .map((n) => n.text);
}

/** `HTTP 404 Not Found` style fallback title. */
export function statusLine(status: number, statusText: string): string {
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
}

/**
 * The user-facing text for an error response: `title: detail` for problem+json, followed by any field
 * errors and notices that add information (the broker's publish conflict diff arrives as notices).
 */
export function brokerErrorText(status: number, statusText: string, body: unknown): string {
  if (typeof body === 'string') {
    const text = body
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return `${statusLine(status, statusText)}${text ? `: ${text.slice(0, 300)}` : ''}`;
  }
  if (typeof body !== 'object' || body === null) return statusLine(status, statusText);
  const problem = body as ProblemLike;
  const title = typeof problem.title === 'string' && problem.title ? problem.title : statusLine(status, statusText);
  const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
  const errors = errorLines(problem.errors).filter((line) => line !== detail);
  const lines: string[] = [];
  if (detail) lines.push(`${title}: ${detail}`);
  else if (errors.length > 0) lines.push(`${title}: ${errors.shift()}`);
  else if (typeof problem.message === 'string') lines.push(`${title}: ${problem.message}`);
  else if (typeof problem.error === 'string') lines.push(`${title}: ${problem.error}`);
  else lines.push(title);
  lines.push(...errors.map((e) => `  ${e}`));
  lines.push(...noticeLines(problem.notices).map((n) => `  ${n}`));
  return lines.join('\n');
}
