#!/usr/bin/env node
// `node bench/secrets.js`: what the secret scan adds to a commit (issue 14; docs/security.md).
//
// In a temporary directory: a repository with no hooks and one with flowgate's hooks (this
// checkout's dist/, linked as node_modules/.bin/flowgate), each with the same 100 staged files of
// ordinary source (this repository's own src/, which names tokens, secrets and keys throughout
// but holds none). Runs are interleaved, warm-ups dropped, medians reported:
//
// - `node -e ''` (the floor every Node hook pays) and a commit with no hooks;
// - a flowgate commit the usual way: the dispatcher's pre-filter finds no rule keyword, so
//   pre-commit starts no Node (commit-msg does, as before);
// - a flowgate commit whose pre-commit runs the scan in Node (the verdict removed first: the first
//   commit on a branch, or a staged line that holds a keyword);
// - the scan itself in-process (`scanStaged`), and a commit that stages a 50 MB binary;
// - with SECRETLINT_DIR=<dir with @secretlint/core and the recommended preset installed>: a cold
//   Node process that imports them and lints the same 100 files.
//
//   npm run build && node bench/secrets.js [--quick] [--keep]   BENCH_RUNS=N  BENCH_WARMUP=N  SECRETLINT_DIR=…
//
// --quick: 5 measured runs after 1 warm-up; --keep: leave the temporary directory (bench/lib/env.js).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commands, createEnvironment, log, parseOptions } from './lib/env.js';
import { stats } from './lib/report.js';
import { rotate } from './lib/runner.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { runs: RUNS, warmup: WARMUP, keep } = parseOptions(process.argv.slice(2));
const CLI = join(ROOT, 'dist', 'cli.js');
const { base: BASE, env } = createEnvironment();
const { run, git, time: timed } = commands(env);

// On a shared machine wall time swings with the load; the CPU time a command and its children
// (hooks, git, node) used swings less, so it is measured too, with GNU time when it is there.
const GNU_TIME = spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0 ? '/usr/bin/time' : undefined;
function time(cmd, args, cwd) {
  const r = GNU_TIME ? timed(GNU_TIME, ['-f', '@cpu %U %S', cmd, ...args], { cwd }) : timed(cmd, args, { cwd });
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  const cpu = /@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { ms: r.ms, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN };
}

// 100 files of ordinary source with no rule keyword (the usual commit), from this repository.
const { prefilterKeywords } = await import(pathToFileURL(join(ROOT, 'dist', 'core', 'secrets', 'rules.js')).href);
const keywords = prefilterKeywords();
const sources = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) sources.push(p);
  }
})(join(ROOT, 'src'));
const ordinary = sources.filter((p) => !keywords.some((k) => readFileSync(p, 'utf8').toLowerCase().includes(k)));
const corpus = Array.from({ length: 100 }, (_, i) => ordinary[i % ordinary.length]);
const corpusBytes = corpus.reduce((n, p) => n + statSync(p).size, 0);

function repo(name, hooks, config) {
  const dir = join(BASE, name);
  mkdirSync(dir);
  git(dir, ['init', '-q', '-b', 'main']);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true, ...(config ? { flowgate: config } : {}) }) + '\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  if (hooks) {
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(CLI, join(dir, 'node_modules', '.bin', 'flowgate'));
    run(process.execPath, [CLI, 'install'], { cwd: dir });
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--no-verify', '-m', 'chore: init']);
  git(dir, ['switch', '-q', '-c', 'feature/1-bench']);
  return dir;
}
function stage100(dir) {
  corpus.forEach((src, i) => {
    const to = join(dir, 'src', `${i}-${relative(join(ROOT, 'src'), src).replace(/\//g, '-')}`);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, readFileSync(src));
  });
  git(dir, ['add', 'src']);
}
/** One commit, then undone (the files stay staged), so every run commits the same thing. */
const commitOnce = (dir, message = 'feat: bench') => {
  const t = time('git', ['commit', '-q', '-m', message], dir);
  git(dir, ['reset', '-q', '--soft', 'HEAD~1']);
  return t;
};

log(`in ${BASE}; ${ordinary.length} of ${sources.length} src files hold no rule keyword; 100 staged (${Math.round(corpusBytes / 1024)} KiB)`);
const plain = repo('plain', false);
const flow = repo('flowgate', true);
stage100(plain);
stage100(flow);
const bigPlain = repo('big-plain', false);
const bigFlow = repo('big-flowgate', true);
const big = Buffer.alloc(50 * 1024 * 1024);
for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
for (const dir of [bigPlain, bigFlow]) {
  writeFileSync(join(dir, 'big.bin'), big);
  git(dir, ['add', 'big.bin']);
}
commitOnce(flow); // records the pre-commit verdict
commitOnce(bigFlow);
const verdict = join(flow, '.git', 'flowgate', 'pre-commit-ok');

const { scanStaged } = await import(pathToFileURL(join(ROOT, 'dist', 'secrets', 'scan.js')).href);
const secretlintDir = process.env.SECRETLINT_DIR;
const secretlintScript = join(BASE, 'secretlint.mjs');
if (secretlintDir) {
  writeFileSync(
    secretlintScript,
    `import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire(${JSON.stringify(join(secretlintDir, 'package.json'))});
const { lintSource } = await import(require.resolve('@secretlint/core'));
const { creator } = await import(require.resolve('@secretlint/secretlint-rule-preset-recommend'));
const config = { rules: [{ id: creator.meta.id, rule: creator }] };
for (const filePath of ${JSON.stringify(corpus)}) {
  await lintSource({ source: { content: readFileSync(filePath, 'utf8'), filePath, contentType: 'text' }, options: { config, maskSecrets: true } });
}
`,
  );
}

const cases = {
  "node -e ''": () => time(process.execPath, ['-e', ''], BASE),
  'commit 100 files, no hooks': () => commitOnce(plain),
  // the same repository with the verdict's `secrets` line taken out: the dispatcher as it was before the scan
  'commit 100 files, flowgate, dispatcher without the pre-filter': () => {
    writeFileSync(verdict, 'feature/1-bench\n\n');
    const t = commitOnce(flow);
    writeFileSync(verdict, 'feature/1-bench\nsecrets\n');
    return t;
  },
  'commit 100 files, flowgate (pre-filter: no Node for pre-commit)': () => commitOnce(flow),
  'commit 100 files, flowgate (pre-commit scans in Node)': () => {
    rmSync(verdict, { force: true });
    return commitOnce(flow);
  },
  'scanStaged, 100 files, in-process': async () => {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const report = await scanStaged(flow, { paths: [], rules: [], fingerprints: [] });
    if (report.files !== 100) throw new Error(`scanned ${report.files} files`);
    const used = process.cpuUsage(cpu);
    // CPU of this process only (the git diff child is not counted)
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpu: (used.user + used.system) / 1000 };
  },
  'commit a 50 MB binary, no hooks': () => commitOnce(bigPlain, 'chore: big'),
  'commit a 50 MB binary, flowgate': () => commitOnce(bigFlow, 'chore: big'),
  ...(secretlintDir ? { 'secretlint 12.0.0: node, import + lint 100 files': () => time(process.execPath, [secretlintScript], BASE) } : {}),
};
const names = Object.keys(cases);
const samples = Object.fromEntries(names.map((n) => [n, { ms: [], cpu: [] }]));
for (let i = 0; i < WARMUP + RUNS; i++) {
  for (const n of rotate(names, i)) {
    const t = await cases[n]();
    if (i >= WARMUP) {
      samples[n].ms.push(t.ms);
      samples[n].cpu.push(t.cpu);
    }
  }
  log(`run ${i + 1}/${WARMUP + RUNS}`);
}
const med = Object.fromEntries(names.map((n) => [n, { ms: stats(samples[n].ms).median, cpu: stats(samples[n].cpu).median }]));
const node = med["node -e ''"];
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const ratio = (x, y) => (Number.isFinite(x) && Number.isFinite(y) ? (x / y).toFixed(2) : '—');
const lines = [
  `flowgate secret scan · node ${process.version} · ${git(BASE, ['--version'])} · ${cpus().length} CPUs · ${RUNS} runs after ${WARMUP} warm-up, interleaved · load ${loadavg().map((l) => l.toFixed(2)).join('/')}`,
  '',
  "| case | wall ms | overhead ms | overhead / node -e '' | CPU ms | CPU overhead ms | CPU overhead / node -e '' |",
  '|---|---:|---:|---:|---:|---:|---:|',
];
for (const n of names) {
  const base = n.startsWith('commit 100') ? 'commit 100 files, no hooks' : n.startsWith('commit a 50') ? 'commit a 50 MB binary, no hooks' : undefined;
  const m = med[n];
  const o = base && n !== base ? { ms: m.ms - med[base].ms, cpu: m.cpu - med[base].cpu } : undefined;
  lines.push(`| ${n} | ${fmt(m.ms)} | ${o ? fmt(o.ms) : '—'} | ${o ? ratio(o.ms, node.ms) : '—'} | ${fmt(m.cpu)} | ${o ? fmt(o.cpu) : '—'} | ${o ? ratio(o.cpu, node.cpu) : '—'} |`);
}
process.stdout.write(lines.join('\n') + '\n');
if (keep) log(`kept ${BASE}`);
else rmSync(BASE, { recursive: true, force: true });
