// The set-ups compared: no hooks, the floors (a POSIX sh hook, a hook running `node -e ''`),
// flowgate (default config, with flow init's flowgate.config.json, and with a commitlint.config.ts) and husky + commitlint from the
// registry. Each is checked to really run its hooks before anything is measured.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './lib/env.js';
import { installFlowgate, installedVersion, makeRepo, resetRemote, writeHook } from './lib/repos.js';

/** Versions of the canonical stack that run on Node 20.17+. */
const HUSKY_STACK = ['husky@~9.1.7', '@commitlint/cli@^20', '@commitlint/config-conventional@^20'];

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

const INIT_CONFIG = `${JSON.stringify({ $schema: './node_modules/flowgate/schema/flowgate.schema.json', branches: { main: 'main', develop: 'develop' } }, null, 2)}\n`;

/** Build every variant into `ctx.repos`; one that fails is recorded in `ctx.broken` and the notes. */
export function setUpVariants(ctx) {
  const { repos, broken, notes, meta } = ctx;
  const attempt = (key, label, build) => {
    log(`setting up ${label}…`);
    try {
      repos[key] = build();
    } catch (e) {
      broken[key] = String(e.message ?? e).split('\n').slice(0, 4).join(' ');
      notes.push(`${label}: set-up failed, not measured: ${broken[key]}`);
      log(`${label}: set-up failed: ${broken[key]}`);
    }
  };
  attempt('bare', 'no hooks', () => makeRepo(ctx, 'bare', undefined, { pushes: true }));
  attempt('sh', 'POSIX sh hook', () => makeRepo(ctx, 'sh', (dir) => writeHook(dir, 'commit-msg', '#!/bin/sh\nexit 0\n')));
  attempt('nodehook', 'node hook', () => makeRepo(ctx, 'nodehook', (dir) => writeHook(dir, 'commit-msg', "#!/bin/sh\nexec node -e ''\n")));
  attempt('flowgate', 'flowgate', () => makeRepo(ctx, 'flowgate', (dir) => installFlowgate(ctx, dir), { pushes: true }));
  attempt('flowgateInit', 'flowgate + flowgate.config.json (as flow init writes it)', () =>
    makeRepo(ctx, 'flowgate-init', (dir) => installFlowgate(ctx, dir, () => writeFileSync(join(dir, 'flowgate.config.json'), INIT_CONFIG))),
  );
  attempt('flowgateTs', 'flowgate + commitlint.config.ts', () =>
    makeRepo(ctx, 'flowgate-ts', (dir) => installFlowgate(ctx, dir, () => writeFileSync(join(dir, 'commitlint.config.ts'), COMMITLINT_TS))),
  );
  attempt('husky', 'husky + commitlint (from the registry)', () =>
    makeRepo(
      ctx,
      'husky',
      (dir) => {
        // "type": "module" spares commitlint.config.js (ESM, as commitlint's docs write it) node's re-parse: husky's best case.
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-husky', version: '1.0.0', private: true, type: 'module' }, null, 2) + '\n');
        ctx.npm(dir, ['install', '-D', ...HUSKY_STACK, '--prefer-offline']);
        // `npx husky init` writes .husky/pre-commit (`npm test`) and the prepare script; only commit-msg is compared.
        ctx.run('npx', ['--no', '--', 'husky', 'init'], { cwd: dir });
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
}

/** Each hook set-up must really run (a bad message is refused), or the numbers mean nothing. */
export function checkVariants(ctx) {
  const { repos, broken, notes, run, git, skipEnv } = ctx;
  const refusesBadMessage = (key, label) => {
    const repo = repos[key];
    if (!repo) return;
    const r = run('git', ['commit', '-q', '--allow-empty', '-m', 'not a conventional message'], { cwd: repo.dir, allowFail: true });
    if (r.code === 0) {
      broken[key] = 'its commit-msg hook did not refuse a non-conventional message (hooks not running)';
      notes.push(`${label}: ${broken[key]}; not measured.`);
      log(`${label}: ${broken[key]}`);
      git(repo.dir, ['reset', '-q', '--soft', 'HEAD~1']);
    }
  };
  refusesBadMessage('flowgate', 'flowgate');
  refusesBadMessage('flowgateInit', 'flowgate + flowgate.config.json');
  refusesBadMessage('flowgateTs', 'flowgate + commitlint.config.ts');
  refusesBadMessage('husky', 'husky + commitlint');
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
    git(dir, ['switch', '-q', '-c', 'feature/9-sanity', 'main'], { env: skipEnv });
    git(dir, ['commit', '-q', '--allow-empty', '--no-verify', '-m', 'bad push message'], { env: skipEnv });
    const r = run('git', ['push', '-q', 'origin', 'feature/9-sanity'], { cwd: dir, allowFail: true });
    if (r.code === 0) notes.push('flowgate: the pre-push hook let a non-conventional commit through (pre-push not running?).');
    git(dir, ['switch', '-q', 'feature/1-bench'], { env: skipEnv });
    git(dir, ['branch', '-q', '-D', 'feature/9-sanity'], { env: skipEnv });
    resetRemote(ctx, repos.flowgate, 'feature/9-sanity');
  }
}

/** Whether a variant's repository was built and passed its check. */
export const usable = (ctx, key) => Boolean(ctx.repos[key]) && !ctx.broken[key];
