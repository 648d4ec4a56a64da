// Plain-text tables in the layout the pact-broker CLI prints (Ruby table_print): columns padded to the
// widest cell, ` | ` between cells, and a dashed rule with `-|-` joints under the header. Trailing
// spaces are trimmed so the output pastes cleanly into CI logs and snapshots.

export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    widths
      .map((w, i) => (cells[i] ?? '').padEnd(w))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
