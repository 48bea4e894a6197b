// The run's options and its isolated environment: own HOME and global git config, no system
// config, no CI; and the two ways of running a command (checked, and timed).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function log(text) {
  process.stderr.write(`bench: ${text}\n`);
}

function positive(value, zeroOk = false) {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) {
    console.error(`bench: ignoring ${value}: expected a ${zeroOk ? 'non-negative' : 'positive'} integer.`);
    return undefined;
  }
  return n;
}

/** `[--quick] [--keep]`, BENCH_RUNS, BENCH_WARMUP, BENCH_KEEP. */
export function parseOptions(argv, env = process.env) {
  const quick = argv.includes('--quick');
  return {
    quick,
    keep: argv.includes('--keep') || env.BENCH_KEEP === '1',
    runs: positive(env.BENCH_RUNS) ?? (quick ? 5 : 15),
    warmup: positive(env.BENCH_WARMUP, true) ?? (quick ? 1 : 3),
    pushSizes: quick ? [1, 1000] : [1, 1000, 10000],
    checkSize: 1000,
  };
}

/** A fresh temporary directory with its own HOME, and the environment every command runs in. */
export function createEnvironment() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'flowgate-bench-')));
  const home = join(base, 'home');
  mkdirSync(home);
  writeFileSync(
    join(home, '.gitconfig'),
    '[user]\n\tname = Bench User\n\temail = bench@example.com\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[advice]\n\tdetachedHead = false\n[gc]\n\tauto = 0\n',
  );
  const inherited = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(GIT_|CI$|GITHUB_|GH_|GITLAB_|FLOWGATE_|HUSKY|npm_|INIT_CWD$|NODE_OPTIONS$|NODE_DEBUG$)/.test(k)) continue;
    inherited[k] = v;
  }
  const env = {
    ...inherited,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    NO_COLOR: '1',
    // the real npm cache: installs come from the registry but need not download twice
    npm_config_cache: process.env.npm_config_cache || join(process.env.HOME ?? home, '.npm'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  return { base, home, env, skipEnv: { ...env, FLOWGATE_SKIP: '1', HUSKY: '0' } };
}

/** Commands in one environment: `run` (argument arrays, never a shell string; throws with stderr on failure) and `time`. */
export function commands(env) {
  function run(cmd, args, opts = {}) {
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, cwd: opts.cwd, env: opts.env ?? env, input: opts.input });
    if (r.error) throw r.error;
    if (!opts.allowFail && r.status !== 0) {
      throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}) in ${opts.cwd ?? process.cwd()}:\n${r.stderr}${r.stdout}`);
    }
    return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }
  /** Milliseconds taken by one run; output discarded (hooks print to stderr). */
  function time(cmd, args, opts = {}) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.error) throw r.error;
    return { ms, code: r.status ?? -1, stderr: r.stderr ?? '' };
  }
  const git = (cwd, args, opts = {}) => run('git', args, { cwd, ...opts }).stdout.trim();
  const npm = (cwd, args, opts = {}) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, ...opts });
  return { run, time, git, npm };
}
