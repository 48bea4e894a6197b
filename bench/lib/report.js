// From samples to figures: medians and p90s, overheads against the same operation with no hooks,
// the ratios with their targets, and the Markdown printed. Pure.

export function round(x, digits = 1) {
  if (x === undefined || Number.isNaN(x)) return undefined;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function stats(values) {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  const mid = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { n: s.length, median: round(mid), p90: round(at(0.9)), min: round(s[0]), max: round(s[s.length - 1]), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
}

const diff = (a, b) => (a === undefined || b === undefined ? undefined : round(a - b));
const ratio = (a, b) => (a === undefined || b === undefined || b <= 0 ? undefined : round(a / b, 2));

/** results.json's `results`: per case its label, command, statistics, samples and, for variants, overhead. */
export function summarize(cases, samples, failures, { base, pushSizes }) {
  /** @type {Record<string, any>} */
  const results = {};
  for (const c of cases) {
    const s = stats(samples[c.id]);
    const cmd = base && c.cmd.startsWith(base) ? c.cmd.slice(base.length + 1) : c.cmd;
    results[c.id] = { label: c.label, group: c.group, command: [cmd, ...c.args].join(' '), ...(s ?? {}), samples: samples[c.id].map((v) => round(v, 2)), ...(failures[c.id] ? { failed: failures[c.id] } : {}) };
  }
  const median = (id) => (results[id]?.failed ? undefined : results[id]?.median);
  const bareCommit = median('commit.bare');
  for (const key of ['sh', 'nodehook', 'flowgate', 'flowgateSkip', 'flowgateInit', 'flowgateTs', 'husky']) {
    if (results[`commit.${key}`]) results[`commit.${key}`].overhead = diff(median(`commit.${key}`), bareCommit);
  }
  for (const n of pushSizes) {
    if (results[`push${n}.flowgate`]) results[`push${n}.flowgate`].overhead = diff(median(`push${n}.flowgate`), median(`push${n}.bare`));
  }
  return results;
}

/** The ratios of docs/performance.md with their targets; `pass` is undefined when a figure is missing. */
export function ratios(results) {
  const median = (id) => (results[id]?.failed ? undefined : results[id]?.median);
  const nodeFloor = median('commit.nodeE');
  const fgOver = results['commit.flowgate']?.overhead;
  const fgTsOver = results['commit.flowgateTs']?.overhead;
  const fgInitOver = results['commit.flowgateInit']?.overhead;
  const huskyOver = results['commit.husky']?.overhead;
  const push1 = results['push1.flowgate']?.overhead;
  const push1k = results['push1000.flowgate']?.overhead;
  const push10k = results['push10000.flowgate']?.overhead;
  const perCommit1k = push1k !== undefined && push1 !== undefined ? (push1k - push1) / 999 : undefined;
  const perCommit10k = push10k !== undefined && push1k !== undefined ? (push10k - push1k) / 9000 : undefined;
  return [
    { id: 'commitOverheadVsNode', label: "flowgate commit overhead / node -e ''", value: ratio(fgOver, nodeFloor), limit: 1.25 },
    { id: 'commitOverheadVsHusky', label: 'flowgate commit overhead / husky + commitlint overhead', value: ratio(fgOver, huskyOver), limit: 0.25 },
    { id: 'commitInitOverheadVsNode', label: "flowgate (flowgate.config.json) commit overhead / node -e ''", value: ratio(fgInitOver, nodeFloor), limit: 1.25 },
    { id: 'commitTsOverheadVsNode', label: "flowgate (commitlint.config.ts) commit overhead / node -e ''", value: ratio(fgTsOver, nodeFloor), limit: 1.25 },
    { id: 'commitTsOverheadVsHusky', label: 'flowgate (commitlint.config.ts) commit overhead / husky + commitlint overhead', value: ratio(fgTsOver, huskyOver), limit: 0.25 },
    { id: 'push10kOverheadMs', label: 'flowgate push overhead, 10,000 commits (ms)', value: push10k, limit: 2000 },
    { id: 'push10kVsCommitlint', label: 'flowgate push overhead / commitlint --from --to, 10,000 commits', value: ratio(push10k, median('push10000.commitlint')), limit: 0.5 },
    { id: 'push1kVsCommitlint', label: 'flowgate push overhead / commitlint --from --to, 1,000 commits', value: ratio(push1k, median('push1000.commitlint')), limit: 0.5 },
    {
      id: 'pushGrowth',
      label: 'push growth: per-commit cost 1k→10k / per-commit cost 1→1k (linear ≈ 1)',
      value: ratio(perCommit10k, perCommit1k),
      limit: 1.5,
      detail: { perCommitMs1to1k: round(perCommit1k, 3), perCommitMs1kto10k: round(perCommit10k, 3) },
    },
  ].map((r) => ({ ...r, pass: r.value === undefined ? undefined : r.value <= r.limit }));
}

/** The Markdown printed on stdout: a header line, the table of cases, the table of ratios, notes. */
export function formatReport({ meta, cases, results, ratios: rs, notes }) {
  const fmt = (v) => (v === undefined ? '—' : String(v));
  const lines = [];
  lines.push(`flowgate ${meta.versions.flowgate} · node ${meta.node} · git ${meta.git} · ${meta.cpus} CPUs · ${meta.runs} runs after ${meta.warmup} warm-up, interleaved · load ${meta.loadavgStart.join('/')} → ${meta.loadavgEnd.join('/')}`);
  if (meta.versions.husky) lines.push(`husky ${meta.versions.husky} · @commitlint/cli ${meta.versions.commitlint} · config-conventional ${meta.versions.configConventional}`);
  lines.push('');
  lines.push('| scenario | median ms | p90 ms | overhead ms |');
  lines.push('|---|---:|---:|---:|');
  for (const c of cases) {
    const r = results[c.id];
    lines.push(`| ${r.label}${r.failed ? ' (failed)' : ''} | ${fmt(r.median)} | ${fmt(r.p90)} | ${fmt(r.overhead)} |`);
  }
  lines.push('');
  lines.push('| ratio | value | target | met |');
  lines.push('|---|---:|---:|:---:|');
  for (const r of rs) lines.push(`| ${r.label} | ${fmt(r.value)} | ≤ ${r.limit} | ${r.pass === undefined ? '—' : r.pass ? 'yes' : 'NO'} |`);
  const growth = rs.find((r) => r.id === 'pushGrowth')?.detail;
  if (growth?.perCommitMs1to1k !== undefined) {
    lines.push(`\nper-commit push cost: ${growth.perCommitMs1to1k} ms (1→1k)${growth.perCommitMs1kto10k !== undefined ? `, ${growth.perCommitMs1kto10k} ms (1k→10k)` : ''}`);
  }
  if (notes.length) {
    lines.push('');
    for (const n of notes) lines.push(`- note: ${n}`);
  }
  return lines.join('\n');
}
