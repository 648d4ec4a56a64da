// A triggered webhook (the Pact Broker's name for one event × webhook delivery) as users see it:
// its status from the job and its attempts, and its log text from the stored attempts.

/** The Pact Broker's statuses of a triggered webhook (webhooks/triggered_webhook.rb). */
export const TriggeredWebhookStatus = {
  /** Queued, not attempted yet; or it ended without a request (webhook deleted meanwhile). */
  notRun: 'not_run',
  /** At least one attempt failed and another is scheduled. */
  retrying: 'retrying',
  success: 'success',
  /** Gave up: attempts used up, or a failure that retrying cannot fix. */
  failure: 'failure',
} as const;
export type TriggeredWebhookStatus = (typeof TriggeredWebhookStatus)[keyof typeof TriggeredWebhookStatus];

/**
 * @param jobStatus the queue's status, or null once the job row was purged
 * @param lastSuccess whether the latest attempt succeeded; null when none was made
 */
export function triggeredWebhookStatus(jobStatus: string | null, attempts: number, lastSuccess: boolean | null): TriggeredWebhookStatus {
  if (lastSuccess === true) return TriggeredWebhookStatus.success;
  switch (jobStatus) {
    case 'failed':
      return TriggeredWebhookStatus.failure;
    case 'queued':
    case 'running':
      return attempts > 0 && lastSuccess === false ? TriggeredWebhookStatus.retrying : TriggeredWebhookStatus.notRun;
    case 'done':
      return lastSuccess === false ? TriggeredWebhookStatus.failure : TriggeredWebhookStatus.notRun;
    default:
      return lastSuccess === false ? TriggeredWebhookStatus.failure : TriggeredWebhookStatus.notRun;
  }
}

/** One stored attempt, as far as the log needs it. */
export interface LoggedAttempt {
  attempt: number;
  createdAt: Date;
  durationMs: number;
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  error: string | null;
  success: boolean;
  /** webhook (default), github-commit-status or github-check-run. */
  kind?: string;
  /** GitHub calls: the commit, the state sent and its context (a check run: conclusion and name). */
  commit?: string | null;
  githubState?: string | null;
  githubContext?: string | null;
}

/** The first line of an attempt: what was done, for which event. */
function attemptHeadline(a: LoggedAttempt, eventName: string): string {
  const about = `${a.githubState ?? '?'} for ${a.githubContext ?? '?'} on commit ${a.commit ?? '?'}`;
  switch (a.kind) {
    case 'github-commit-status':
      return `Attempt ${a.attempt}: GitHub commit status ${about} (event ${eventName})`;
    case 'github-check-run':
      return `Attempt ${a.attempt}: GitHub check run ${about} (event ${eventName})`;
    default:
      return `Attempt ${a.attempt}: executing webhook for event ${eventName}`;
  }
}

/** The plain-text log of a triggered webhook's attempts (GET /triggered-webhooks/{uuid}/logs). */
export function formatAttemptsLog(eventName: string, attempts: readonly LoggedAttempt[]): string {
  const lines: string[] = [];
  for (const a of attempts) {
    const at = a.createdAt.toISOString();
    const line = (level: string, text: string) => lines.push(`[${at}] ${level}: ${text}`);
    line('INFO', attemptHeadline(a, eventName));
    line('INFO', `${a.request.method} ${a.request.url}`);
    for (const [name, value] of Object.entries(a.request.headers)) line('INFO', `${name}: ${value}`);
    if (a.request.body) line('INFO', a.request.body);
    if (a.responseStatus !== null) {
      line('INFO', `HTTP ${a.responseStatus} (${a.durationMs} ms)`);
      for (const [name, value] of Object.entries(a.responseHeaders ?? {})) line('INFO', `${name}: ${value}`);
      if (a.responseBody) line('INFO', a.responseBody);
    }
    if (a.error) line('ERROR', a.error);
    const what = a.kind === 'github-commit-status' || a.kind === 'github-check-run' ? 'GitHub call' : 'Webhook';
    line(a.success ? 'INFO' : 'ERROR', `${what} ${a.success ? 'succeeded' : 'failed'}`);
  }
  return lines.length === 0 ? 'No attempt has been made yet.\n' : `${lines.join('\n')}\n`;
}
