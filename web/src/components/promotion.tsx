// Promotion planning (issue #17): "can everything now in staging go to production together?" or the same for a
// release train (a list of service versions). The question lives in the query string (?from=&to= or ?to=&train=)
// so the answer can be shared as a link. Semantics (Query.promotionPlan): the promoted versions replace the
// target's versions of the same services; every other service stays at what the target runs now.
import { useState, type FormEvent } from 'react';
import { PROMOTION_PLAN_QUERY, type PromotionPlanData, type PromotionPlanVariables } from '../graphql/documents/health.ts';
import { useQuery } from '../graphql/use-query.ts';
import { deployPresentation } from '../lib/status.ts';
import { navigate } from '../router.tsx';
import { PairsTable } from './health.tsx';
import { QueryView } from './query-state.tsx';
import { ShortVersion } from './short-version.tsx';

export interface PromotionQuestion {
  from: string;
  to: string;
  /** Release train: one "service version" per line. */
  train: string;
}

export function readPromotion(search: URLSearchParams): PromotionQuestion {
  return { from: search.get('from') ?? '', to: search.get('to') ?? '', train: search.get('train') ?? '' };
}

/** "order 1a2b\npayment 3c4d" → pairs; blank lines ignored, a line without a version is an error. */
export function parseTrain(text: string): { versions: Array<{ pacticipant: string; version: string }>; error?: string } {
  const versions: Array<{ pacticipant: string; version: string }> = [];
  for (const line of text.split(/[\n,]/)) {
    const parts = line.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) continue;
    if (parts.length !== 2)
      return { versions, error: `“${line.trim()}”: write one service and one version per line, e.g. order-service 1a2b3c` };
    versions.push({ pacticipant: parts[0]!, version: parts[1]! });
  }
  return { versions };
}

export function isPromotionComplete(q: PromotionQuestion): boolean {
  return q.to !== '' && (q.from !== '' || q.train.trim() !== '');
}

export function PromotionForm({
  initial,
  environments,
  basePath,
}: {
  initial: PromotionQuestion;
  environments: Array<{ name: string; displayName: string | null }>;
  basePath: string;
}) {
  const [form, setForm] = useState(initial);
  const [mode, setMode] = useState<'environment' | 'train'>(initial.train ? 'train' : 'environment');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams({ to: form.to });
    if (mode === 'environment') params.set('from', form.from);
    else params.set('train', form.train.trim());
    navigate(`${basePath}?${params.toString()}`);
  };
  const options = environments.map((env) => (
    <option key={env.name} value={env.name}>
      {env.displayName ?? env.name}
    </option>
  ));
  return (
    <form className="filters promotion-form" onSubmit={submit} aria-label="Plan a promotion">
      <fieldset className="field">
        <legend>Promote</legend>
        <label className="checkbox">
          <input type="radio" name="promotion-mode" checked={mode === 'environment'} onChange={() => setMode('environment')} /> what is
          deployed or released somewhere
        </label>
        <label className="checkbox">
          <input type="radio" name="promotion-mode" checked={mode === 'train'} onChange={() => setMode('train')} /> a release train
        </label>
      </fieldset>
      {mode === 'environment' ? (
        <div className="field">
          <label htmlFor="promote-from">From</label>
          <select id="promote-from" required value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })}>
            <option value="" disabled>
              choose…
            </option>
            {options}
          </select>
        </div>
      ) : (
        <div className="field">
          <label htmlFor="promote-train">Release train</label>
          <textarea
            id="promote-train"
            required
            rows={3}
            className="mono"
            value={form.train}
            placeholder={'order-service 1a2b3c\npayment-service 4d5e6f'}
            onChange={(e) => setForm({ ...form, train: e.target.value })}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor="promote-to">To</label>
        <select id="promote-to" required value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })}>
          <option value="" disabled>
            choose…
          </option>
          {options}
        </select>
      </div>
      <div className="field field-actions">
        <button type="submit" className="button primary">
          Plan the promotion
        </button>
      </div>
    </form>
  );
}

function Plan({ plan }: { plan: PromotionPlanData['promotionPlan'] }) {
  const p = deployPresentation[plan.status];
  const what = plan.sourceEnvironment ? `everything in ${plan.sourceEnvironment} that differs` : 'this release train';
  return (
    <div className={`answer answer-${p.tone}`} data-testid="promotion-answer" data-status={plan.status} aria-live="polite">
      <p className="answer-headline">
        <span className="answer-status">
          <span aria-hidden="true">{p.symbol} </span>
          {p.label}
        </span>{' '}
        <span>
          {plan.status === 'YES' ? 'You can promote' : plan.status === 'NO' ? 'Do not promote' : 'Not known whether you can promote'} {what}{' '}
          to {plan.targetEnvironment} together.
        </span>
      </p>
      <p className="small">
        {plan.counts.verified} verified · {plan.counts.failed} failed · {plan.counts.unverified} unverified pairs. The promoted versions
        replace {plan.targetEnvironment}'s versions of the same services; every other service stays as it is there.
      </p>
      <h3>Services that change ({plan.changes.length})</h3>
      {plan.changes.length === 0 ? (
        <p className="muted">None: {plan.targetEnvironment} already runs these versions.</p>
      ) : (
        <div className="table-wrap">
          <table className="table changes-table">
            <caption className="visually-hidden">Services whose versions change</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">In {plan.targetEnvironment} now</th>
                <th scope="col">After the promotion</th>
              </tr>
            </thead>
            <tbody>
              {plan.changes.map((c) => (
                <tr key={c.pacticipant}>
                  <td className="nowrap">{c.pacticipant}</td>
                  <td>
                    {c.currentVersions.length ? (
                      c.currentVersions.map((v) => <ShortVersion key={v} value={v} />)
                    ) : (
                      <span className="muted">not there</span>
                    )}
                  </td>
                  <td>
                    {c.promotedVersions.map((v) => (
                      <ShortVersion key={v} value={v} />
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Reasons</h3>
      <ul className="reasons">
        {plan.reasons.slice(0, 20).map((r, i) => (
          <li key={i}>{r}</li>
        ))}
        {plan.reasons.length > 20 ? <li className="muted">… and {plan.reasons.length - 20} more (see the pairs below)</li> : null}
      </ul>
      {plan.pairs.length > 0 ? (
        <>
          <h3>Pairs</h3>
          <PairsTable pairs={plan.pairs} caption="Pairs the promotion depends on" />
        </>
      ) : null}
    </div>
  );
}

export function PromotionResult({ question }: { question: PromotionQuestion }) {
  const train = parseTrain(question.train);
  const variables: PromotionPlanVariables = {
    target: question.to,
    source: question.from || null,
    versions: question.from ? null : train.versions,
  };
  const query = useQuery(PROMOTION_PLAN_QUERY, variables, { skip: Boolean(train.error) });
  if (train.error)
    return (
      <p className="error-detail" role="alert">
        {train.error}
      </p>
    );
  return (
    <QueryView query={query} loadingLabel="Planning the promotion…">
      {(data) => <Plan plan={data.promotionPlan} />}
    </QueryView>
  );
}
