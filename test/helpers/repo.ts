import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const cleanups: string[] = [];
process.on('exit', () => {
  if (process.env.FLOWGATE_KEEP_TMP) return;
  for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test process exits. */
export function tempDir(prefix = 'flowgate-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  cleanups.push(dir);
  return dir;
}

/**
 * An environment isolated from the developer's git and npm setup: own HOME and global git
 * config, no system config, no CI variables, no tokens.
 */
export function isolatedEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const globalConfig = join(home, '.gitconfig');
  writeFileSync(
    globalConfig,
    '[user]\n\tname = Test User\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n[advice]\n\tdetachedHead = false\n',
    { flag: 'wx' },
  );
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(GIT_|CI$|GITHUB_|GH_|GITLAB_|FLOWGATE_|HUSKY|npm_|INIT_CWD$)/.test(k)) continue;
    env[k] = v;
  }
  // `npm test` puts node_modules/.bin folders (flowgate's own among them) on PATH: a user's shell has none.
  const path = (env.PATH ?? '').split(':').filter((dir) => dir && !/node_modules[\\/]\.bin|node-gyp-bin/.test(dir));
  return {
    ...env,
    PATH: path.join(':'),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_GLOBAL: globalConfig,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    NO_COLOR: '1',
    npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? home, '.npm'),
    ...extra,
  };
}

export function run(cmd: string, args: string[], opts: SpawnSyncOptions & { env: NodeJS.ProcessEnv }): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

export interface Sandbox {
  /** the work tree */
  dir: string;
  /** the bare remote (origin) */
  remote: string;
  home: string;
  env: NodeJS.ProcessEnv;
  git(args: string[], opts?: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv }): RunResult;
  /** git that must succeed; returns trimmed stdout */
  gitOk(args: string[], opts?: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv }): string;
  /** run the built CLI (`node dist/cli.js …`) */
  flow(args: string[], opts?: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv }): RunResult;
  write(path: string, content: string): void;
}

/**
 * A work tree with one commit on main (and develop, unless `develop: false`), pushed to a local
 * bare remote named origin.
 */
export function sandbox(opts: { develop?: boolean; name?: string; remote?: boolean } = {}): Sandbox {
  const base = tempDir();
  const home = join(base, 'home');
  mkdirSync(home);
  const dir = join(base, opts.name ?? 'work');
  const remote = join(base, 'origin.git');
  const env = isolatedEnv(home);
  const git: Sandbox['git'] = (args, o = {}) => run('git', args, { cwd: o.cwd ?? dir, input: o.input, env: { ...env, ...o.env } });
  const gitOk: Sandbox['gitOk'] = (args, o) => {
    const r = git(args, o);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout.trim();
  };
  mkdirSync(dir, { recursive: true });
  gitOk(['init', '-q', '-b', 'main']);
  writeFileSync(join(dir, 'README.md'), '# sandbox\n');
  gitOk(['add', 'README.md']);
  gitOk(['commit', '-q', '-m', 'chore: initial commit']);
  if (opts.develop !== false) gitOk(['branch', 'develop']);
  if (opts.remote !== false) {
    run('git', ['init', '-q', '--bare', '-b', 'main', remote], { env });
    gitOk(['remote', 'add', 'origin', remote]);
    gitOk(['push', '-q', 'origin', '--all']);
    gitOk(['fetch', '-q', 'origin']);
  }
  return {
    dir,
    remote,
    home,
    env,
    git,
    gitOk,
    flow: (args, o = {}) => run(process.execPath, [CLI, ...args], { cwd: o.cwd ?? dir, input: o.input, env: { ...env, ...o.env } }),
    write: (path, content) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
  };
}

/**
 * The built CLI without blocking this process: needed when a server in this process (the forge
 * stand-in) must answer it. `gh` finds no login (an empty GH_CONFIG_DIR) unless the test says so.
 */
export function flowAsync(box: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult & { ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: box.dir, env: { ...box.env, GH_CONFIG_DIR: join(box.home, 'gh'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}

/** Hooks installed the way a project gets them, from this build: package.json, node_modules/.bin/flowgate → dist/cli.js, `flow install`. */
export function installBuiltHooks(sb: Sandbox): RunResult {
  sb.write('package.json', JSON.stringify({ name: 'x', private: true }));
  sb.write('.gitignore', 'node_modules\n');
  mkdirSync(join(sb.dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI, join(sb.dir, 'node_modules', '.bin', 'flowgate'));
  return sb.flow(['install']);
}

/**
 * flowgate's hooks are installed in this repository: a stub per hook in the common git dir's
 * hooks folder (sourcing .git/hooks/flowgate/h) and no core.hooksPath hiding them. Returns the folder.
 */
export function assertFlowgateHooks(sb: Pick<Sandbox, 'git' | 'gitOk'>, cwd?: string): string {
  const common = resolve(cwd ?? '.', sb.gitOk(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd }));
  const dir = join(common, 'hooks');
  for (const hook of ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push']) {
    const text = readFileSync(join(dir, hook), 'utf8');
    if (!text.includes('# flowgate hook stub') || text.includes('\r')) throw new Error(`${join(dir, hook)} is not flowgate's stub:\n${text}`);
    if ((statSync(join(dir, hook)).mode & 0o111) === 0) throw new Error(`${join(dir, hook)} is not executable`);
  }
  if (!existsSync(join(dir, 'flowgate', 'h'))) throw new Error(`${dir}/flowgate/h is missing`);
  const local = sb.git(['config', '--local', 'core.hooksPath'], { cwd });
  if (local.code === 0 && resolve(local.stdout.trim()) !== dir) throw new Error(`core.hooksPath is ${local.stdout.trim()}`);
  return dir;
}

/** A sandbox whose origin names a forge repository (owner/repo, compare URLs) while its pushes go to the local bare remote. */
export function forgeSandbox(origin = 'https://github.com/acme/widgets.git', opts: { develop?: boolean } = {}): Sandbox {
  const box = sandbox({ develop: opts.develop });
  box.gitOk(['remote', 'set-url', 'origin', origin]);
  box.gitOk(['remote', 'set-url', '--push', 'origin', box.remote]);
  return box;
}

/** Check out a new branch from `from` with one file-adding commit per message. */
export function commitsOnBranch(box: Sandbox, branch: string, commits: string[], from = 'develop'): Sandbox {
  box.gitOk(['switch', '-q', '-c', branch, from]);
  for (const [i, message] of commits.entries()) {
    box.write(`${branch.replace(/\//g, '-')}-${i}.txt`, `${i}\n`);
    box.gitOk(['add', '.']);
    box.gitOk(['commit', '-q', '-m', message]);
  }
  return box;
}
