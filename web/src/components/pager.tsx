// Client-side paging for long tables (hundreds of deployments or pairs): only one page of rows is in the DOM.
import { useEffect, useState } from 'react';

export function usePage<T>(rows: readonly T[], pageSize: number): { page: T[]; pager: PagerState } {
  const [index, setIndex] = useState(0);
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  useEffect(() => {
    if (index >= pages) setIndex(0);
  }, [index, pages]);
  const current = Math.min(index, pages - 1);
  return {
    page: rows.slice(current * pageSize, (current + 1) * pageSize),
    pager: { index: current, pages, total: rows.length, pageSize, setIndex },
  };
}

export interface PagerState {
  index: number;
  pages: number;
  total: number;
  pageSize: number;
  setIndex: (index: number) => void;
}

export function Pager({ pager, label }: { pager: PagerState; label: string }) {
  if (pager.pages <= 1) return null;
  const from = pager.index * pager.pageSize + 1;
  const to = Math.min(pager.total, from + pager.pageSize - 1);
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" className="button" disabled={pager.index === 0} onClick={() => pager.setIndex(pager.index - 1)}>
        ← Previous
      </button>
      <span className="small">
        {from}–{to} of {pager.total}
      </span>
      <button type="button" className="button" disabled={pager.index >= pager.pages - 1} onClick={() => pager.setIndex(pager.index + 1)}>
        Next →
      </button>
    </nav>
  );
}
