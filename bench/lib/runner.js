// Measuring, interleaved: every iteration runs every case once, in an order that rotates within
// each group, so a burst of load lands on all variants alike. Warm-up iterations are dropped.
import { log } from './env.js';

/** Samples (ms) per case id; a case whose exit code is not the expected one stops and is noted in `failures`. */
export function measure(cases, { time, warmup, runs, notes }) {
  const samples = Object.fromEntries(cases.map((c) => [c.id, []]));
  const failures = {};
  const groups = [...new Set(cases.map((c) => c.group))];
  const total = warmup + runs;
  const started = Date.now();
  log(`measuring ${cases.length} cases: ${warmup} warm-up + ${runs} measured runs each, interleaved…`);
  for (let iteration = 0; iteration < total; iteration++) {
    for (const group of groups) {
      const members = cases.filter((c) => c.group === group && !failures[c.id]);
      for (const c of rotate(members, iteration)) {
        c.before?.();
        const r = time(c.cmd, c.args, { cwd: c.cwd, env: c.env });
        c.after?.();
        if (r.code !== (c.expect ?? 0)) {
          failures[c.id] = `exit ${r.code}: ${r.stderr.trim().split('\n').slice(0, 3).join(' ')}`;
          notes.push(`${c.label}: stopped measuring, run ${iteration + 1} failed with ${failures[c.id]}`);
          log(`${c.label}: ${failures[c.id]}`);
          continue;
        }
        if (iteration >= warmup) samples[c.id].push(r.ms);
      }
    }
    log(`iteration ${iteration + 1}/${total} done (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  return { samples, failures, seconds: Math.round((Date.now() - started) / 1000) };
}

/** The members in the order for this iteration: no variant always runs right after the same other one. */
export function rotate(members, iteration) {
  return members.map((_, i) => members[(i + iteration) % members.length]);
}
