// `npm run demo`: the main job end to end in a throwaway sandbox with a local bare remote and a
// local stand-in for the GitHub API. Every step runs the real CLI, real git and the real hooks.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { githubPulls, startFakeForge } from '../test/helpers/fake-forge.js';
import { CLI, isolatedEnv, tempDir, run } from '../test/helpers/repo.js';
import { shellQuote } from '../src/core/shell-quote.js';

const bold = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${s}\u001b[0m` : s);
const base = tempDir('flowgate-demo-');
const home = join(base, 'home');
mkdirSync(home);
const work = join(base, 'app');
const remote = join(base, 'origin.git');
// Colours as the user's terminal has them (isolatedEnv turns them off for tests).
const env: NodeJS.ProcessEnv = isolatedEnv(home);
delete env.NO_COLOR;

let failures = 0;
function step(title: string, cmd: string, args: string[], expect: number, extraEnv: NodeJS.ProcessEnv = {}): string {
  const shown = cmd === process.execPath ? ['flow', ...args.slice(1)] : [cmd, ...args];
  console.log(`\n${bold(`▶ ${title}`)}\n  $ ${shown.map(shellQuote).join(' ')}`);
  const r = run(cmd, args, { cwd: work, env: { ...env, ...extraEnv } });
  const out = (r.stdout + r.stderr).trimEnd();
  if (out) console.log(out.replace(/^/gm, '  │ '));
  const ok = r.code === expect;
  if (!ok) failures++;
  console.log(`  ${ok ? '✔' : '✖'} exit ${r.code}${ok ? '' : ` (expected ${expect})`}`);
  return r.stdout.trim();
}
const git = (args: string[], expect = 0, extraEnv: NodeJS.ProcessEnv = {}) => step(`git ${args[0]}`, 'git', args, expect, extraEnv);
const quiet = (args: string[]) => run('git', args, { cwd: work, env: { ...env, FLOWGATE_SKIP: '1' } });

// A repository with main and develop on a bare "origin" whose web address looks like GitHub's.
run('git', ['init', '-q', '--bare', '-b', 'main', remote], { env });
mkdirSync(work);
quiet(['init', '-q', '-b', 'main']);
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'demo-app', version: '1.0.0', private: true }, null, 2) + '\n');
writeFileSync(join(work, '.gitignore'), 'node_modules\n');
quiet(['add', '-A']);
quiet(['commit', '-q', '-m', 'chore: start the app']);
quiet(['branch', 'develop']);
quiet(['remote', 'add', 'origin', 'https://github.com/acme/demo-app.git']);
quiet(['config', 'remote.origin.pushurl', remote]);
quiet(['config', 'remote.origin.fetch', '+refs/heads/*:refs/remotes/origin/*']);
quiet(['config', `url.${remote}.insteadOf`, 'https://github.com/acme/demo-app.git']);
quiet(['push', '-q', 'origin', 'main', 'develop']);
// flowgate "installed": the package's binary linked where npm would put it.
mkdirSync(join(work, 'node_modules', '.bin'), { recursive: true });
symlinkSync(CLI, join(work, 'node_modules', '.bin', 'flowgate'));
const flow = (title: string, args: string[], expect = 0, extraEnv: NodeJS.ProcessEnv = {}) => step(title, process.execPath, [CLI, ...args], expect, extraEnv);

console.log(bold(`flowgate demo in ${work}`));
flow('install the hooks (what npm install does through postinstall / prepare)', ['install']);
flow('start a feature from develop', ['feature', 'start', '123', 'Add login page']);
writeFileSync(join(work, 'login.html'), '<form>login</form>\n');
quiet(['add', 'login.html']);
git(['commit', '-m', 'added login page'], 1);
git(['commit', '-m', 'feat(auth): add the login page'], 0);
step('the commit got the issue footer', 'git', ['log', '-1', '--format=%B'], 0);
git(['push', 'origin', 'HEAD:main'], 1);

const forge = await startFakeForge();
githubPulls(forge, 'acme/demo-app');
try {
  const api = { FLOWGATE_API_URL: forge.url, GITHUB_TOKEN: 'demo-token-not-real' };
  // flow pr talks to the stand-in over HTTP, so run it without blocking this process's event loop.
  console.log(`\n${bold('▶ push the feature and open its pull request (local GitHub API stand-in)')}\n  $ flow pr`);
  const pr = await new Promise<{ code: number; out: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, 'pr'], { cwd: work, env: { ...env, ...api } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
  console.log(pr.out.trimEnd().replace(/^/gm, '  │ '));
  const created = forge.find('POST', '/repos/acme/demo-app/pulls');
  const okPr = pr.code === 0 && created.length === 1;
  if (!okPr) failures++;
  console.log(`  ${okPr ? '✔' : '✖'} exit ${pr.code}; the stand-in received ${created.length} pull request: ${JSON.stringify((created[0]?.body as Record<string, unknown>) ?? {}, ['title', 'base', 'head'])}`);
  flow('without a token: the compare URL to open by hand', ['pr', '--no-push'], 0, { GITHUB_TOKEN: '', GH_TOKEN: '' });
} finally {
  await forge.close();
}

console.log(`\n${failures === 0 ? bold('✔ demo finished: every step behaved as expected') : bold(`✖ ${failures} step(s) did not behave as expected`)}`);
if (process.env.FLOWGATE_KEEP_TMP) console.log(`sandbox kept at ${base}`);
else rmSync(base, { recursive: true, force: true });
process.exitCode = failures === 0 ? 0 : 1;
