// The repositories the variants run in: the same start everywhere (README, .gitignore, main and
// develop pushed to a local bare origin, feature/1-bench checked out), push histories imported
// with git fast-import, and flowgate installed from the packed tarball.
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const COMMIT_TYPES = ['feat', 'fix', 'docs', 'refactor', 'perf', 'test', 'chore', 'build', 'ci', 'style'];

export const pushBranch = (n) => `feature/${n}-push`;

/** A fast-import stream adding `count` commits (unique, valid conventional messages, no file changes) on `branch` from main. */
export function history(branch, count) {
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

/**
 * A work tree with an initial commit on main and develop, `setup(dir)` run and committed (hooks
 * skipped), pushed to a bare origin (a pristine copy is kept to reset it between pushes), the
 * push histories imported, and `feature/1-bench` checked out for the commits.
 */
export function makeRepo(ctx, name, setup, { pushes = false } = {}) {
  const { base, skipEnv, git, run, options } = ctx;
  const dir = join(base, name, 'work');
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  writeFileSync(join(dir, 'README.md'), `# ${name}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--no-verify', '-m', 'chore: initial commit']);
  setup?.(dir);
  git(dir, ['add', '-A'], { env: skipEnv });
  if (git(dir, ['status', '--porcelain'])) git(dir, ['commit', '-q', '--no-verify', '-m', `chore: set up ${name}`], { env: skipEnv });
  git(dir, ['branch', 'develop']);
  const remote = join(base, name, 'origin.git');
  git(base, ['init', '-q', '--bare', '-b', 'main', remote]);
  git(dir, ['remote', 'add', 'origin', remote]);
  git(dir, ['push', '-q', '--no-verify', 'origin', 'main', 'develop'], { env: skipEnv });
  git(dir, ['fetch', '-q', 'origin'], { env: skipEnv });
  cpSync(remote, `${remote}.pristine`, { recursive: true });
  if (pushes) {
    const sizes = [...options.pushSizes, options.checkSize].filter((n, i, all) => all.indexOf(n) === i);
    run('git', ['fast-import', '--quiet'], { cwd: dir, input: sizes.map((n) => history(pushBranch(n), n)).join('') });
  }
  git(dir, ['switch', '-q', '-c', 'feature/1-bench'], { env: skipEnv });
  return { name, dir, remote };
}

/** Put the remote back as it was before any feature branch was pushed, and forget its tracking refs. */
export function resetRemote(ctx, repo, branch) {
  rmSync(repo.remote, { recursive: true, force: true });
  cpSync(`${repo.remote}.pristine`, repo.remote, { recursive: true });
  ctx.run('git', ['update-ref', '-d', `refs/remotes/origin/${branch}`], { cwd: repo.dir, allowFail: true });
}

export function writeHook(dir, hook, body) {
  const file = join(dir, '.git', 'hooks', hook);
  writeFileSync(file, body);
  chmodSync(file, 0o755);
}

export function installedVersion(dir, pkg) {
  try {
    return JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** flowgate from the tarball; its postinstall installs the hooks (CI unset). Falls back to `flowgate install`. */
export function installFlowgate(ctx, dir, extra) {
  const { run, npm, notes, tarball } = ctx;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-flowgate', version: '1.0.0', private: true }, null, 2) + '\n');
  const r = run('npm', ['install', '-D', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, allowFail: true });
  if (r.code !== 0) {
    notes.push(`npm install of the flowgate tarball failed (exit ${r.code}); installed with --ignore-scripts and ran \`flowgate install\`: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
    npm(dir, ['install', '-D', tarball, '--prefer-offline', '--ignore-scripts']);
  }
  // flowgate's stubs live in the common git dir (.git/hooks/<hook>), marked as flowgate's.
  const stub = join(dir, '.git', 'hooks', 'pre-commit');
  if (!existsSync(stub) || !readFileSync(stub, 'utf8').includes('flowgate')) {
    if (r.code === 0) notes.push('the postinstall did not install the hook stubs; ran `flowgate install` by hand.');
    const i = run(join(dir, 'node_modules', '.bin', 'flowgate'), ['install'], { cwd: dir, allowFail: true });
    if (i.code !== 0) throw new Error(`flowgate install failed (exit ${i.code}): ${i.stderr.trim()}`);
  }
  extra?.(dir);
}
