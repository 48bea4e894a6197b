import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { assertFlowgateHooks, sandbox, tempDir, isolatedEnv, run, CLI, type Sandbox } from '../helpers/repo.js';
import { PREPARE } from '../../src/init/plan.js';

const FILES = [
  'flowgate.config.json',
  'commitlint.config.ts',
  '.github/pull_request_template.md',
  '.github/workflows/flowgate.yml',
  '.github/workflows/ci.yml',
  '.github/workflows/codeql.yml',
  '.github/workflows/deploy.yml',
  '.github/workflows/release-pr.yml',
  '.github/dependabot.yml',
  '.gitmessage',
  'docs/WORKFLOW.md',
];

function withPackage(s: Sandbox, pkg: Record<string, unknown> = { name: 'demo', version: '1.0.0', scripts: { test: 'node --test' }, devDependencies: { flowgate: '*' } }): Sandbox {
  s.write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  s.gitOk(['add', 'package.json']);
  s.gitOk(['commit', '-q', '-m', 'chore: add package.json']);
  return s;
}

const read = (s: Sandbox, path: string) => readFileSync(join(s.dir, path), 'utf8');

interface Report {
  ok: boolean;
  written: string[];
  overwritten: string[];
  untouched: { path: string; reason: string }[];
  branches: { main: string; develop: string | null };
  develop?: { status: string; from?: string };
  prepare: { status: string; script?: string };
  hooks: { installed: boolean; code: number };
}

function initJson(s: Sandbox, args: string[] = []): { code: number; report: Report; stderr: string } {
  const r = s.flow(['init', '--yes', '--json', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

describe('flow init', () => {
  test('--yes in a fresh repository writes every file, sets commit.template, prepare, hooks and develop', () => {
    const s = withPackage(sandbox({ develop: false }));
    const r = s.flow(['init', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    for (const file of FILES) {
      assert.ok(existsSync(join(s.dir, file)), `${file} exists`);
      assert.match(r.stderr, new RegExp(`wrote\\s+${file.replace(/\./g, '\\.')}`), `${file} is listed as written`);
    }
    for (const yml of FILES.filter((f) => f.endsWith('.yml'))) assert.ok(parse(read(s, yml)), `${yml} parses`);

    const config = JSON.parse(read(s, 'flowgate.config.json')) as Record<string, unknown>;
    assert.equal(config.$schema, './node_modules/flowgate/schema/flowgate.schema.json');
    assert.deepEqual(config.branches, { main: 'main', develop: 'develop' });
    assert.match(read(s, 'commitlint.config.ts'), /extends: \['@commitlint\/config-conventional'\]/);
    assert.equal(s.gitOk(['config', 'commit.template']), '.gitmessage');
    assert.equal((JSON.parse(read(s, 'package.json')) as { scripts: Record<string, string> }).scripts.prepare, PREPARE);
    assertFlowgateHooks(s);
    assert.ok(existsSync(join(s.dir, '.husky/pre-push')));
    // develop starts at origin's main (main has a local commit origin lacks); init tries to push it, but
    // flowgate is not installed in this package, so its own pre-push hook cannot run: a warning and the command
    // (test/e2e/first-hour.test.ts pushes it for real)
    assert.equal(s.gitOk(['rev-parse', 'develop']), s.gitOk(['rev-parse', 'origin/main']), 'develop starts at origin/main');
    assert.match(r.stderr, /could not push develop to origin .*; run `git push -u origin develop` when you can/);
    assert.match(r.stderr, /Then: `git push -u origin develop`;/);
    // main is protected: the set-up files move to a chore branch (with main's local commit), and the exact commands are printed
    assert.equal(s.gitOk(['branch', '--show-current']), 'chore/flowgate-setup');
    assert.equal(s.gitOk(['rev-parse', 'HEAD']), s.gitOk(['rev-parse', 'main']));
    const commands = /^ {4}(git add -- .*)$/m.exec(r.stderr)?.[1];
    assert.ok(commands, r.stderr);
    assert.match(commands, /&& git commit -m 'chore: set up flowgate' && npx flowgate pr$/);
    for (const file of [...FILES.filter((f) => f !== '.gitmessage'), 'package.json', '.husky']) assert.ok(commands.split(' ').includes(file), `${file} is in ${commands}`);
    // the commit template stays in the work tree on every branch: untracked and excluded in this clone
    assert.ok(!commands.split(' ').includes('.gitmessage'));
    assert.match(readFileSync(join(s.dir, '.git', 'info', 'exclude'), 'utf8'), /^\/\.gitmessage$/m);
    assert.equal(r.stdout, '', 'without --json nothing goes to stdout');
  });

  test('--dry-run lists what init would write and set, and changes nothing', () => {
    const s = withPackage(sandbox({ develop: false }));
    const before = s.gitOk(['status', '--porcelain']);
    const r = s.flow(['init', '--yes', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    for (const file of FILES) assert.match(r.stdout, new RegExp(`^would write ${file.replace(/\./g, '\\.')}$`, 'm'), `${file} is planned`);
    assert.match(r.stdout, /^would set git config commit\.template \.gitmessage$/m);
    assert.match(r.stdout, /^would create branch develop from /m);
    for (const file of FILES) assert.equal(existsSync(join(s.dir, file)), false, `${file} was not written`);
    assert.equal(s.gitOk(['status', '--porcelain']), before);
    assert.equal(s.git(['config', '--get', 'commit.template']).code, 1);
    assert.equal(s.git(['rev-parse', '--verify', '--quiet', 'refs/heads/develop']).code, 1);
    const j = s.flow(['init', '--yes', '--dry-run', '--json']);
    const doc = JSON.parse(j.stdout) as { dryRun: boolean; steps: { action: string; target: string }[] };
    assert.equal(doc.dryRun, true);
    assert.ok(doc.steps.some((step) => step.action === 'write' && step.target === 'flowgate.config.json'));
  });

  test('a second run leaves user edits alone, lists the untouched files and exits 0', () => {
    const s = withPackage(sandbox({ remote: false }));
    initJson(s);
    const edited = `${read(s, '.github/workflows/ci.yml')}# my own step\n`;
    writeFileSync(join(s.dir, '.github/workflows/ci.yml'), edited);
    writeFileSync(join(s.dir, 'flowgate.config.json'), '{ "branches": { "main": "main", "develop": "develop" }, "requireIssue": true }\n');
    const before = read(s, 'package.json');

    // no --yes and no terminal: a re-run has a default for every answer, so it proceeds without waiting
    const r = s.flow(['init'], { input: '' });
    assert.equal(r.code, 0, r.stderr);
    for (const file of FILES) assert.match(r.stderr, new RegExp(`left\\s+${file.replace(/\./g, '\\.')}`), `${file} is listed as left`);
    assert.equal(read(s, '.github/workflows/ci.yml'), edited);
    assert.match(read(s, 'flowgate.config.json'), /requireIssue/);
    assert.equal(read(s, 'package.json'), before, 'prepare is not added twice');

    const again = initJson(s);
    assert.deepEqual(again.report.written, []);
    assert.deepEqual(again.report.untouched.map((u) => u.path).sort(), [...FILES, 'package.json'].sort());
  });

  test('--force overwrites existing files and updates the config branches, keeping other keys', () => {
    const s = withPackage(sandbox({ remote: false }));
    initJson(s);
    writeFileSync(join(s.dir, '.github/workflows/ci.yml'), 'name: mine\n');
    writeFileSync(join(s.dir, 'flowgate.config.json'), '{ "branches": { "main": "main" }, "requireIssue": true }\n');
    const { report } = initJson(s, ['--force', '--develop', 'dev']);
    assert.ok(report.overwritten.includes('.github/workflows/ci.yml'));
    assert.match(read(s, '.github/workflows/ci.yml'), /name: ci/);
    const config = JSON.parse(read(s, 'flowgate.config.json')) as Record<string, unknown>;
    assert.deepEqual(config.branches, { main: 'main', develop: 'dev' });
    assert.equal(config.requireIssue, true);
    assert.deepEqual((parse(read(s, '.github/workflows/ci.yml')) as { on: { push: { branches: string[] } } }).on.push.branches, ['main', 'dev']);
  });

  test('--trunk: no develop branch, no develop in the config or the workflows; a pnpm lockfile gives pnpm workflows', () => {
    const s = withPackage(sandbox({ develop: false, remote: false }));
    s.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    const { report } = initJson(s, ['--trunk']);
    assert.match(read(s, '.github/workflows/ci.yml'), /pnpm install --frozen-lockfile/);
    assert.match(read(s, '.github/workflows/ci.yml'), /cache: pnpm/);
    assert.equal(report.branches.develop, null);
    assert.equal(report.develop, undefined);
    assert.equal(s.git(['rev-parse', '--verify', '--quiet', 'refs/heads/develop']).code, 1, 'no develop branch');
    assert.deepEqual((JSON.parse(read(s, 'flowgate.config.json')) as { branches: unknown }).branches, { main: 'main', develop: null });
    assert.equal(existsSync(join(s.dir, '.github/workflows/release-pr.yml')), false, 'no release pull request without develop');
    for (const f of FILES.filter((x) => x.startsWith('.github') && !x.endsWith('release-pr.yml'))) assert.doesNotMatch(read(s, f), /\bdevelop\b/, f);
    assert.deepEqual((parse(read(s, '.github/workflows/flowgate.yml')) as { on: { pull_request: { branches: string[] } } }).on.pull_request.branches, ['main']);
  });

  test('develop that exists only on origin is tracked, not re-made from main', () => {
    const s = withPackage(sandbox());
    s.gitOk(['checkout', '-q', 'develop']);
    s.write('x.txt', 'x\n');
    s.gitOk(['add', 'x.txt']);
    s.gitOk(['commit', '-q', '-m', 'feat: on develop']);
    s.gitOk(['push', '-q', 'origin', 'develop']);
    s.gitOk(['checkout', '-q', 'main']);
    s.gitOk(['branch', '-D', 'develop']);
    const { report } = initJson(s);
    assert.equal(report.develop?.status, 'created');
    assert.equal(report.develop?.from, 'origin/develop');
    assert.equal(s.gitOk(['rev-parse', 'develop']), s.gitOk(['rev-parse', 'origin/develop']));
  });

  test('no package.json: says so, skips the prepare script, writes the rest', () => {
    const s = sandbox({ remote: false });
    const r = s.flow(['init', '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /no package\.json/);
    assert.equal(existsSync(join(s.dir, 'package.json')), false, 'package.json is not created');
    assert.ok(existsSync(join(s.dir, 'flowgate.config.json')));
  });

  test('--no-github writes no .github files; an existing prepare script and commitlint config are kept', () => {
    const s = withPackage(sandbox({ remote: false }), { name: 'demo', scripts: { prepare: 'husky' }, devDependencies: { flowgate: '*' } });
    s.write('.commitlintrc.json', '{ "extends": ["@commitlint/config-conventional"] }\n');
    initJson(s, ['--no-github']);
    const { report } = initJson(s, ['--no-github']);
    assert.equal((JSON.parse(read(s, 'package.json')) as { scripts: Record<string, string> }).scripts.prepare, `husky && ${PREPARE}`);
    assert.equal(existsSync(join(s.dir, '.github')), false);
    assert.equal(existsSync(join(s.dir, 'commitlint.config.ts')), false);
    assert.match(report.untouched.find((u) => u.path === 'commitlint.config.ts')!.reason, /\.commitlintrc\.json/);
  });

  test('two config sources stop init naming both; an invalid package.json#flowgate is named, with no --force advice', () => {
    const s = withPackage(sandbox({ remote: false }), { name: 'demo', devDependencies: { flowgate: '*' }, flowgate: { protected: 5 } });
    const invalid = s.flow(['init', '--yes', '--force']);
    assert.equal(invalid.code, 2, invalid.stderr);
    assert.match(invalid.stderr, /package\.json#flowgate: `protected`/);
    assert.doesNotMatch(invalid.stderr, /init --force/, 'a re-run with --force would fail the same way');

    s.write('flowgate.config.json', '{ "requireIssue": true }\n');
    for (const args of [['init', '--yes'], ['init', '--yes', '--force'], ['check', '--branch', 'feature/1-x']]) {
      const r = s.flow(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /Two flowgate configs in .*: flowgate\.config\.json and package\.json#flowgate; keep one/);
    }
    assert.equal(existsSync(join(s.dir, '.gitmessage')), false, 'nothing written');
  });

  test('invalid flags and a folder outside git exit 2', () => {
    const s = sandbox({ remote: false });
    assert.equal(s.flow(['init', '--yes', '--trunk', '--develop', 'dev']).code, 2);
    assert.equal(s.flow(['init', '--yes', '--main', 'bad..name']).code, 2);
    assert.equal(s.flow(['init', '--yes', '--main', 'x', '--develop', 'x']).code, 2);
    assert.equal(existsSync(join(s.dir, 'flowgate.config.json')), false, 'nothing written on a usage error');
    const outside = tempDir();
    const r = run(process.execPath, [CLI, 'init', '--yes'], { cwd: outside, env: isolatedEnv(join(outside)) });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not inside a git work tree/);
  });
});
