#!/usr/bin/env node
// `npm run bench`: flowgate's hooks measured side by side with husky + commitlint and the Node floor.
//
// Everything compared is built in a temporary directory: a repository with no hooks, one with
// flowgate installed from the packed tarball (default config, and with a commitlint.config.ts),
// one with the canonical husky 9 + `npx --no -- commitlint --edit "$1"` set-up from the registry,
// and the floors (`node -e ''`, a POSIX sh hook). Runs are interleaved (each iteration runs every
// variant of every scenario once, in a rotating order), warm-up runs are dropped, and medians and
// p90s of the rest are reported. See docs/performance.md.
//
//   node bench/run.js [--quick] [--keep]      BENCH_RUNS=N  BENCH_WARMUP=N
//
// --quick: 5 measured runs after 1 warm-up, no 10,000-commit push (a smoke test of the harness).
// --keep: leave the temporary directory in place (its path is printed).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const KEEP = argv.includes('--keep') || process.env.BENCH_KEEP === '1';
const RUNS = positive(process.env.BENCH_RUNS) ?? (QUICK ? 5 : 15);
const WARMUP = positive(process.env.BENCH_WARMUP, true) ?? (QUICK ? 1 : 3);
const PUSH_SIZES = QUICK ? [1, 1000] : [1, 1000, 10000];
const CHECK_SIZE = 1000;
const RESULTS_FILE = join(ROOT, 'bench', 'results.json');

/** Versions of the canonical stack that run on Node 20.17+. */
const HUSKY_STACK = ['husky@~9.1.7', '@commitlint/cli@^20', '@commitlint/config-conventional@^20'];

function positive(value, zeroOk = false) {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) {
    console.error(`bench: ignoring ${value}: expected a ${zeroOk ? 'non-negative' : 'positive'} integer.`);
    return undefined;
  }
  return n;
}

function log(text) {
  process.stderr.write(`bench: ${text}\n`);
}

// ---------------------------------------------------------------------------------------------
// Processes

/** Run a command with an argument array (never a shell string); throws with its stderr on failure. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, cwd: opts.cwd, env: opts.env ?? ENV, input: opts.input });
  if (r.error) throw r.error;
  if (!opts.allowFail && r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}) in ${opts.cwd ?? process.cwd()}:\n${r.stderr}${r.stdout}`);
  }
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Milliseconds taken by one run; output discarded (hooks print to stderr). */
function time(cmd, args, opts) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? ENV, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  return { ms, code: r.status ?? -1, stderr: r.stderr ?? '' };
}

// ---------------------------------------------------------------------------------------------
// The isolated environment: own HOME and global git config, no system config, no CI.

const BASE = realpathSync(mkdtempSync(join(tmpdir(), 'flowgate-bench-')));
const HOME = join(BASE, 'home');
mkdirSync(HOME);
writeFileSync(
  join(HOME, '.gitconfig'),
  '[user]\n\tname = Bench User\n\temail = bench@example.com\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[advice]\n\tdetachedHead = false\n[gc]\n\tauto = 0\n',
);

const ENV = (() => {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(GIT_|CI$|GITHUB_|GH_|GITLAB_|FLOWGATE_|HUSKY|npm_|INIT_CWD$|NODE_OPTIONS$|NODE_DEBUG$)/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME,
    XDG_CONFIG_HOME: join(HOME, '.config'),
    GIT_CONFIG_GLOBAL: join(HOME, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    NO_COLOR: '1',
    // the real npm cache: installs come from the registry but need not download twice
    npm_config_cache: process.env.npm_config_cache || join(process.env.HOME ?? HOME, '.npm'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
})();
const SKIP_ENV = { ...ENV, FLOWGATE_SKIP: '1', HUSKY: '0' };

// ---------------------------------------------------------------------------------------------
// Repositories

const git = (cwd, args, opts = {}) => run('git', args, { cwd, ...opts }).stdout.trim();
const npm = (cwd, args, opts = {}) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, ...opts });

const COMMIT_TYPES = ['feat', 'fix', 'docs', 'refactor', 'perf', 'test', 'chore', 'build', 'ci', 'style'];

/** A fast-import stream adding `count` commits (unique, valid conventional messages, no file changes) on `branch` from main. */
function history(branch, count) {
  const parts = [];
  for (let i = 1; i <= count; i++) {
    const type = COMMIT_TYPES[i % COMMIT_TYPES.length];
    const message = `${type}(bench): change number ${i} of ${count}\n\nWhy change ${i} matters, in a body line.\n`;
    const when = 1700000000 + i;
    parts.push(`commit refs/heads/${branch}\ncommitter Bench User <bench@example.com> ${when} +0000\ndata ${Buffer.byteLength(message)}\n${message}`);
    if (i === 1) parts.push('from refs/heads/main^0\n');
    parts.push('\n');
  }
  return parts.join('');
}

const pushBranch = (n) => `feature/${n}-push`;

/**
 * A work tree with an initial commit on main and develop, `setup(dir)` run and committed (hooks
 * skipped), pushed to a bare origin (a pristine copy is kept to reset it between pushes), the
 * push histories imported, and `feature/1-bench` checked out for the commits.
 */
function makeRepo(name, setup, { pushes = false } = {}) {
  const dir = join(BASE, name, 'work');
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  writeFileSync(join(dir, 'README.md'), `# ${name}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--no-verify', '-m', 'chore: initial commit']);
  setup?.(dir);
  git(dir, ['add', '-A'], { env: SKIP_ENV });
  if (git(dir, ['status', '--porcelain'])) git(dir, ['commit', '-q', '--no-verify', '-m', `chore: set up ${name}`], { env: SKIP_ENV });
  git(dir, ['branch', 'develop']);
  const remote = join(BASE, name, 'origin.git');
  git(BASE, ['init', '-q', '--bare', '-b', 'main', remote]);
  git(dir, ['remote', 'add', 'origin', remote]);
  git(dir, ['push', '-q', '--no-verify', 'origin', 'main', 'develop'], { env: SKIP_ENV });
  git(dir, ['fetch', '-q', 'origin'], { env: SKIP_ENV });
  cpSync(remote, `${remote}.pristine`, { recursive: true });
  if (pushes) {
    const stream = [...PUSH_SIZES, CHECK_SIZE].filter((n, i, all) => all.indexOf(n) === i).map((n) => history(pushBranch(n), n)).join('');
    run('git', ['fast-import', '--quiet'], { cwd: dir, input: stream });
  }
  git(dir, ['switch', '-q', '-c', 'feature/1-bench'], { env: SKIP_ENV });
  return { name, dir, remote };
}

/** Put the remote back as it was before any feature branch was pushed, and forget its tracking refs. */
function resetRemote(repo, branch) {
  rmSync(repo.remote, { recursive: true, force: true });
  cpSync(`${repo.remote}.pristine`, repo.remote, { recursive: true });
  run('git', ['update-ref', '-d', `refs/remotes/origin/${branch}`], { cwd: repo.dir, allowFail: true });
}

function writeHook(dir, hook, body) {
  const file = join(dir, '.git', 'hooks', hook);
  writeFileSync(file, body);
  chmodSync(file, 0o755);
}

const COMMITLINT_TS = `import type { UserConfig } from '@commitlint/types';

// The config \`flow init\` writes, as a user would keep it.
const config: UserConfig = {
  extends: ['@commitlint/config-conventional'],
  rules: {
    'scope-case': [2, 'always', 'lower-case'],
  },
};

export default config;
`;

function installedVersion(dir, pkg) {
  try {
    return JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Building the variants

const notes = [];
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  git: run('git', ['--version']).stdout.trim().replace(/^git version /, ''),
  commit: run('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, allowFail: true }).stdout.trim() || undefined,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  loadavgStart: loadavg().map((n) => Math.round(n * 100) / 100),
  runs: RUNS,
  warmup: WARMUP,
  quick: QUICK,
  versions: {},
};

if (!existsSync(join(ROOT, 'dist', 'cli.js')) || !existsSync(join(ROOT, 'dist', 'hook', 'commit-msg.js'))) {
  console.error('bench: dist/ is missing; run `npm run build` first (or `npm run bench`, which builds).');
  process.exit(2);
}

log(`working in ${BASE}`);
log('packing flowgate (npm pack --ignore-scripts)…');
const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', BASE, '--loglevel=error'], { cwd: ROOT }).stdout);
const TARBALL = join(BASE, packed[0].filename);
meta.versions.flowgate = packed[0].version;

/** flowgate from the tarball; its postinstall installs the hooks (CI unset). Falls back to `flowgate install`. */
function installFlowgate(dir, extra) {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-flowgate', version: '1.0.0', private: true }, null, 2) + '\n');
  const r = run('npm', ['install', '-D', TARBALL, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, allowFail: true });
  if (r.code !== 0) {
    notes.push(`npm install of the flowgate tarball failed (exit ${r.code}); installed with --ignore-scripts and ran \`flowgate install\`: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
    npm(dir, ['install', '-D', TARBALL, '--prefer-offline', '--ignore-scripts']);
  }
  if (!run('git', ['config', '--get', 'core.hooksPath'], { cwd: dir, allowFail: true }).stdout.trim()) {
    if (r.code === 0) notes.push('the postinstall did not set core.hooksPath; ran `flowgate install` by hand.');
    const i = run(join(dir, 'node_modules', '.bin', 'flowgate'), ['install'], { cwd: dir, allowFail: true });
    if (i.code !== 0) throw new Error(`flowgate install failed (exit ${i.code}): ${i.stderr.trim()}`);
  }
  extra?.(dir);
}

const repos = {};
const broken = {}; // variant → why it cannot be measured

function attempt(key, label, build) {
  log(`setting up ${label}…`);
  try {
    repos[key] = build();
  } catch (e) {
    broken[key] = String(e.message ?? e).split('\n').slice(0, 4).join(' ');
    notes.push(`${label}: set-up failed, not measured: ${broken[key]}`);
    log(`${label}: set-up failed: ${broken[key]}`);
  }
}

attempt('bare', 'no hooks', () => makeRepo('bare', undefined, { pushes: true }));
attempt('sh', 'POSIX sh hook', () => makeRepo('sh', (dir) => writeHook(dir, 'commit-msg', '#!/bin/sh\nexit 0\n')));
attempt('nodehook', 'node hook', () => makeRepo('nodehook', (dir) => writeHook(dir, 'commit-msg', "#!/bin/sh\nexec node -e ''\n")));
attempt('flowgate', 'flowgate', () => makeRepo('flowgate', (dir) => installFlowgate(dir), { pushes: true }));
attempt('flowgateTs', 'flowgate + commitlint.config.ts', () =>
  makeRepo('flowgate-ts', (dir) => installFlowgate(dir, () => writeFileSync(join(dir, 'commitlint.config.ts'), COMMITLINT_TS))),
);
attempt('husky', 'husky + commitlint (from the registry)', () =>
  makeRepo(
    'husky',
    (dir) => {
      // "type": "module" spares commitlint.config.js (ESM, as commitlint's docs write it) node's re-parse: husky's best case.
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-husky', version: '1.0.0', private: true, type: 'module' }, null, 2) + '\n');
      npm(dir, ['install', '-D', ...HUSKY_STACK, '--prefer-offline']);
      // `npx husky init` writes .husky/pre-commit (`npm test`) and the prepare script; only commit-msg is compared.
      run('npx', ['--no', '--', 'husky', 'init'], { cwd: dir });
      rmSync(join(dir, '.husky', 'pre-commit'), { force: true });
      writeFileSync(join(dir, '.husky', 'commit-msg'), 'npx --no -- commitlint --edit "$1"\n');
      writeFileSync(join(dir, 'commitlint.config.js'), "export default { extends: ['@commitlint/config-conventional'] };\n");
    },
    { pushes: true },
  ),
);

if (repos.flowgate) meta.versions.flowgateInstalled = installedVersion(repos.flowgate.dir, 'flowgate');
if (repos.husky) {
  meta.versions.husky = installedVersion(repos.husky.dir, 'husky');
  meta.versions.commitlint = installedVersion(repos.husky.dir, '@commitlint/cli');
  meta.versions.configConventional = installedVersion(repos.husky.dir, '@commitlint/config-conventional');
}

// ---------------------------------------------------------------------------------------------
// Sanity: each hook set-up must really run (a bad message is refused), or the numbers mean nothing.

function sanity(key, label) {
  const repo = repos[key];
  if (!repo) return;
  const r = run('git', ['commit', '-q', '--allow-empty', '-m', 'not a conventional message'], { cwd: repo.dir, allowFail: true });
  if (r.code === 0) {
    broken[key] = 'its commit-msg hook did not refuse a non-conventional message (hooks not running)';
    notes.push(`${label}: ${broken[key]}; not measured.`);
    log(`${label}: ${broken[key]}`);
    git(repo.dir, ['reset', '-q', '--soft', 'HEAD~1']);
  }
}
sanity('flowgate', 'flowgate');
sanity('flowgateTs', 'flowgate + commitlint.config.ts');
sanity('husky', 'husky + commitlint');
if (repos.flowgateTs && !broken.flowgateTs) {
  // The repository's own config must be the one in force: scope-case is lower-case there.
  const r = run('git', ['commit', '-q', '--allow-empty', '-m', 'feat(API): upper-case scope'], { cwd: repos.flowgateTs.dir, allowFail: true });
  if (r.code === 0) {
    notes.push('flowgate + commitlint.config.ts: the repository config was not applied (an upper-case scope passed).');
    git(repos.flowgateTs.dir, ['reset', '-q', '--soft', 'HEAD~1']);
  }
}
if (repos.flowgate && !broken.flowgate) {
  // pre-push must lint what it pushes: a bad message on a new branch is refused.
  const dir = repos.flowgate.dir;
  git(dir, ['switch', '-q', '-c', 'feature/9-sanity', 'main'], { env: SKIP_ENV });
  git(dir, ['commit', '-q', '--allow-empty', '--no-verify', '-m', 'bad push message'], { env: SKIP_ENV });
  const r = run('git', ['push', '-q', 'origin', 'feature/9-sanity'], { cwd: dir, allowFail: true });
  if (r.code === 0) notes.push('flowgate: the pre-push hook let a non-conventional commit through (pre-push not running?).');
  git(dir, ['switch', '-q', 'feature/1-bench'], { env: SKIP_ENV });
  git(dir, ['branch', '-q', '-D', 'feature/9-sanity'], { env: SKIP_ENV });
  resetRemote(repos.flowgate, 'feature/9-sanity');
}

// ---------------------------------------------------------------------------------------------
// Scenarios: each is a group of variants measured round-robin.

const flowBin = (repo) => join(repo.dir, 'node_modules', '.bin', 'flow');

/** @type {{id: string, group: string, label: string, cmd: string, args: string[], cwd?: string, env?: Record<string, string>, before?: () => void, after?: () => void, expect?: number}[]} */
const cases = [];
const commitArgs = ['commit', '-q', '--allow-empty', '-m', 'feat: x'];
for (const [key, label] of [
  ['bare', 'git commit, no hooks'],
  ['sh', 'git commit, sh hook (exit 0)'],
  ['nodehook', "git commit, hook running node -e ''"],
  ['flowgate', 'git commit, flowgate'],
  ['flowgateSkip', 'git commit, flowgate with FLOWGATE_SKIP=1 (sh dispatch only)'],
  ['flowgateTs', 'git commit, flowgate + commitlint.config.ts'],
  ['husky', 'git commit, husky + npx commitlint'],
]) {
  const repo = key === 'flowgateSkip' ? 'flowgate' : key;
  if (repos[repo] && !broken[repo]) {
    const env = key === 'flowgateSkip' ? { ...ENV, FLOWGATE_SKIP: '1' } : undefined;
    cases.push({ id: `commit.${key}`, group: 'commit', label, cmd: 'git', args: commitArgs, cwd: repos[repo].dir, env });
  }
}
cases.push({ id: 'commit.nodeE', group: 'commit', label: "node -e '' (alone)", cmd: process.execPath, args: ['-e', ''], cwd: BASE });

for (const n of PUSH_SIZES) {
  const branch = pushBranch(n);
  for (const [key, label] of [
    ['bare', 'git push, no hooks'],
    ['flowgate', 'git push, flowgate'],
  ]) {
    if (!repos[key] || broken[key]) continue;
    const repo = repos[key];
    cases.push({
      id: `push${n}.${key}`,
      group: `push${n}`,
      label: `${label} (${n} new commit${n === 1 ? '' : 's'})`,
      cmd: 'git',
      args: ['push', '-q', 'origin', branch],
      cwd: repo.dir,
      before: () => resetRemote(repo, branch),
    });
  }
  if (repos.husky) {
    cases.push({
      id: `push${n}.commitlint`,
      group: `push${n}`,
      label: `npx commitlint --from --to (${n} commit${n === 1 ? '' : 's'})`,
      cmd: 'npx',
      args: ['--no', '--', 'commitlint', '--from', 'main', '--to', branch],
      cwd: repos.husky.dir,
    });
  }
}

if (repos.flowgate && !broken.flowgate) {
  const repo = repos.flowgate;
  const startArgs = ['feature', 'start', '123', 'bench', 'run', '--no-fetch'];
  const probe = run(flowBin(repo), startArgs, { cwd: repo.dir, allowFail: true });
  const cleanupStart = () => {
    run('git', ['switch', '-q', 'feature/1-bench'], { cwd: repo.dir, env: SKIP_ENV, allowFail: true });
    run('git', ['branch', '-q', '-D', 'feature/123-bench-run'], { cwd: repo.dir, env: SKIP_ENV, allowFail: true });
  };
  cleanupStart();
  if (probe.code === 0) {
    cases.push({ id: 'start.flowgate', group: 'cli', label: 'flow feature start 123 bench run --no-fetch', cmd: flowBin(repo), args: startArgs, cwd: repo.dir, after: cleanupStart });
  } else {
    notes.push(`flow feature start: not measured, it exits ${probe.code}: ${probe.stderr.trim().split('\n')[0]}`);
  }
  const checkArgs = ['check', '--range', `main..${pushBranch(CHECK_SIZE)}`];
  const check = run(flowBin(repo), checkArgs, { cwd: repo.dir, allowFail: true });
  if (check.code === 0) {
    cases.push({ id: 'check.flowgate', group: 'cli', label: `flow check --range (${CHECK_SIZE} commits)`, cmd: flowBin(repo), args: checkArgs, cwd: repo.dir });
  } else {
    notes.push(`flow check --range: not measured, it exits ${check.code}: ${check.stderr.trim().split('\n')[0]}`);
  }
  if (repos.husky && !PUSH_SIZES.includes(CHECK_SIZE)) {
    cases.push({ id: `push${CHECK_SIZE}.commitlint`, group: 'cli', label: `npx commitlint --from --to (${CHECK_SIZE} commits)`, cmd: 'npx', args: ['--no', '--', 'commitlint', '--from', 'main', '--to', pushBranch(CHECK_SIZE)], cwd: repos.husky.dir });
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring, interleaved

const samples = Object.fromEntries(cases.map((c) => [c.id, []]));
const failures = {};
const groups = [...new Set(cases.map((c) => c.group))];
const total = WARMUP + RUNS;
const started = Date.now();
log(`measuring ${cases.length} cases: ${WARMUP} warm-up + ${RUNS} measured runs each, interleaved…`);
for (let iteration = 0; iteration < total; iteration++) {
  for (const group of groups) {
    const members = cases.filter((c) => c.group === group && !failures[c.id]);
    // rotate the order each iteration, so no variant always runs right after the same other one
    const order = members.map((_, i) => members[(i + iteration) % members.length]);
    for (const c of order) {
      c.before?.();
      const r = time(c.cmd, c.args, { cwd: c.cwd, env: c.env });
      c.after?.();
      if (r.code !== (c.expect ?? 0)) {
        failures[c.id] = `exit ${r.code}: ${r.stderr.trim().split('\n').slice(0, 3).join(' ')}`;
        notes.push(`${c.label}: stopped measuring, run ${iteration + 1} failed with ${failures[c.id]}`);
        log(`${c.label}: ${failures[c.id]}`);
        continue;
      }
      if (iteration >= WARMUP) samples[c.id].push(r.ms);
    }
  }
  log(`iteration ${iteration + 1}/${total} done (${Math.round((Date.now() - started) / 1000)} s)`);
}

// ---------------------------------------------------------------------------------------------
// Statistics, ratios, report

function stats(values) {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  const mid = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { n: s.length, median: round(mid), p90: round(at(0.9)), min: round(s[0]), max: round(s[s.length - 1]), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
}
function round(x, digits = 1) {
  if (x === undefined || Number.isNaN(x)) return undefined;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const results = {};
for (const c of cases) {
  const s = stats(samples[c.id]);
  results[c.id] = { label: c.label, group: c.group, command: [c.cmd.startsWith(BASE) ? c.cmd.slice(BASE.length + 1) : c.cmd, ...c.args].join(' '), ...(s ?? {}), samples: samples[c.id].map((v) => round(v, 2)), ...(failures[c.id] ? { failed: failures[c.id] } : {}) };
}
const median = (id) => (results[id]?.failed ? undefined : results[id]?.median);
const diff = (a, b) => (a === undefined || b === undefined ? undefined : round(a - b));
const ratio = (a, b) => (a === undefined || b === undefined || b <= 0 ? undefined : round(a / b, 2));

// overheads: the variant minus the same operation with no hooks
const bareCommit = median('commit.bare');
for (const key of ['sh', 'nodehook', 'flowgate', 'flowgateSkip', 'flowgateTs', 'husky']) {
  if (results[`commit.${key}`]) results[`commit.${key}`].overhead = diff(median(`commit.${key}`), bareCommit);
}
for (const n of PUSH_SIZES) {
  if (results[`push${n}.flowgate`]) results[`push${n}.flowgate`].overhead = diff(median(`push${n}.flowgate`), median(`push${n}.bare`));
}

const nodeFloor = median('commit.nodeE');
const fgOver = results['commit.flowgate']?.overhead;
const fgTsOver = results['commit.flowgateTs']?.overhead;
const huskyOver = results['commit.husky']?.overhead;
const push1 = results['push1.flowgate']?.overhead;
const push1k = results['push1000.flowgate']?.overhead;
const push10k = results['push10000.flowgate']?.overhead;
const perCommit1k = push1k !== undefined && push1 !== undefined ? (push1k - push1) / 999 : undefined;
const perCommit10k = push10k !== undefined && push1k !== undefined ? (push10k - push1k) / 9000 : undefined;

/** target: ≤ limit; pass when measured, undefined when a figure is missing */
const ratios = [
  { id: 'commitOverheadVsNode', label: "flowgate commit overhead / node -e ''", value: ratio(fgOver, nodeFloor), limit: 2 },
  { id: 'commitOverheadVsHusky', label: 'flowgate commit overhead / husky + commitlint overhead', value: ratio(fgOver, huskyOver), limit: 0.25 },
  { id: 'commitTsOverheadVsNode', label: "flowgate (commitlint.config.ts) commit overhead / node -e ''", value: ratio(fgTsOver, nodeFloor), limit: 2 },
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

meta.loadavgEnd = loadavg().map((n) => Math.round(n * 100) / 100);
meta.seconds = Math.round((Date.now() - started) / 1000);

const fmt = (v) => (v === undefined ? '—' : String(v));
const lines = [];
lines.push(`flowgate ${meta.versions.flowgate} · node ${meta.node} · git ${meta.git} · ${meta.cpus} CPUs · ${RUNS} runs after ${WARMUP} warm-up, interleaved · load ${meta.loadavgStart.join('/')} → ${meta.loadavgEnd.join('/')}`);
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
for (const r of ratios) lines.push(`| ${r.label} | ${fmt(r.value)} | ≤ ${r.limit} | ${r.pass === undefined ? '—' : r.pass ? 'yes' : 'NO'} |`);
if (perCommit1k !== undefined) lines.push(`\nper-commit push cost: ${round(perCommit1k, 3)} ms (1→1k)${perCommit10k !== undefined ? `, ${round(perCommit10k, 3)} ms (1k→10k)` : ''}`);
if (notes.length) {
  lines.push('');
  for (const n of notes) lines.push(`- note: ${n}`);
}
console.log(lines.join('\n'));

writeFileSync(RESULTS_FILE, JSON.stringify({ meta, results, ratios: Object.fromEntries(ratios.map(({ id, ...r }) => [id, r])), notes }, null, 2) + '\n');
log(`wrote ${RESULTS_FILE}`);

if (KEEP) log(`kept ${BASE}`);
else rmSync(BASE, { recursive: true, force: true });
