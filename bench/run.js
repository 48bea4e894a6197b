#!/usr/bin/env node
// `npm run bench`: flowgate's hooks measured side by side with husky + commitlint and the Node
// floor (docs/performance.md). The variants are set up in a temporary directory (variants.js),
// each scenario lists its cases (scenarios/), the runner measures them interleaved (lib/runner.js)
// and the report turns samples into the tables and ratios (lib/report.js).
//
//   node bench/run.js [--quick] [--keep]      BENCH_RUNS=N  BENCH_WARMUP=N
//
// --quick: 5 measured runs after 1 warm-up, no 10,000-commit push (a smoke test of the harness).
// --keep: leave the temporary directory in place (its path is printed).
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands, createEnvironment, log, parseOptions } from './lib/env.js';
import { formatReport, ratios, summarize } from './lib/report.js';
import { measure } from './lib/runner.js';
import { cliCases } from './scenarios/cli.js';
import { commitCases } from './scenarios/commit.js';
import { pushCases } from './scenarios/push.js';
import { checkVariants, setUpVariants } from './variants.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(ROOT, 'bench', 'results.json');
const load = () => loadavg().map((n) => Math.round(n * 100) / 100);

if (!existsSync(join(ROOT, 'dist', 'cli.js')) || !existsSync(join(ROOT, 'dist', 'hook', 'commit-msg.cjs'))) {
  console.error('bench: dist/ is missing; run `npm run build` first (or `npm run bench`, which builds).');
  process.exit(2);
}

const options = parseOptions(process.argv.slice(2));
const environment = createEnvironment();
const cmd = commands(environment.env);
const ctx = { ...environment, ...cmd, options, repos: {}, broken: {}, notes: [], tarball: '' };
ctx.meta = {
  date: new Date().toISOString(),
  node: process.version,
  git: cmd.run('git', ['--version']).stdout.trim().replace(/^git version /, ''),
  commit: cmd.run('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, allowFail: true }).stdout.trim() || undefined,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  loadavgStart: load(),
  runs: options.runs,
  warmup: options.warmup,
  quick: options.quick,
  versions: {},
};

log(`working in ${ctx.base}`);
log('packing flowgate (npm pack --ignore-scripts)…');
const packed = JSON.parse(cmd.run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', ctx.base, '--loglevel=error'], { cwd: ROOT }).stdout);
ctx.tarball = join(ctx.base, packed[0].filename);
ctx.meta.versions.flowgate = packed[0].version;

setUpVariants(ctx);
checkVariants(ctx);

const cases = [...commitCases(ctx), ...pushCases(ctx), ...cliCases(ctx)];
const { samples, failures, seconds } = measure(cases, { time: cmd.time, warmup: options.warmup, runs: options.runs, notes: ctx.notes });
const results = summarize(cases, samples, failures, { base: ctx.base, pushSizes: options.pushSizes });
const rs = ratios(results);
ctx.meta.loadavgEnd = load();
ctx.meta.seconds = seconds;

console.log(formatReport({ meta: ctx.meta, cases, results, ratios: rs, notes: ctx.notes }));
writeFileSync(RESULTS_FILE, JSON.stringify({ meta: ctx.meta, results, ratios: Object.fromEntries(rs.map(({ id, ...r }) => [id, r])), notes: ctx.notes }, null, 2) + '\n');
log(`wrote ${RESULTS_FILE}`);

if (options.keep) log(`kept ${ctx.base}`);
else rmSync(ctx.base, { recursive: true, force: true });
