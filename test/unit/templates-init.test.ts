import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.js';
import { defaultAnswers, validateAnswers } from '../../src/init/answers.js';
import { PREPARE, configContent, planInit, withPrepare, type InitAnswers } from '../../src/init/plan.js';
import type { InitState } from '../../src/init/state.js';
import { renderTemplates } from '../../src/templates/catalog.js';
import { detectPackageManager } from '../../src/templates/package-manager.js';

const ROOT = '/repo';

function state(over: Partial<InitState> = {}): InitState {
  return {
    repoRoot: ROOT,
    packageDir: ROOT,
    config: defaultConfig(),
    localBranches: ['main'],
    originBranches: ['main'],
    originEmpty: () => false,
    hasOrigin: true,
    currentBranch: 'main',
    packageManager: detectPackageManager('/nonexistent-flowgate-dir', '/nonexistent-flowgate-dir'),
    existing: new Set(),
    conventionalInstalled: true,
    packageJson: { file: `${ROOT}/package.json`, text: '{\n  "name": "x"\n}\n', data: { name: 'x' } },
    ...over,
  };
}

const answers = (over: Partial<InitAnswers> = {}): InitAnswers => ({ main: 'main', develop: 'develop', github: true, force: false, ...over });

function plan(s: InitState, a: InitAnswers) {
  const rendered = renderTemplates(
    { main: a.main, develop: a.develop, repoRoot: s.repoRoot, packageDir: s.packageDir, packageManager: s.packageManager, branchTypes: ['feature'], issueFooter: 'Refs', tagPrefix: 'v' },
    { github: a.github },
  );
  return planInit(s, a, rendered);
}

describe('withPrepare', () => {
  const cases: [string, string, string | undefined][] = [
    ['no scripts', '{\n  "name": "x"\n}\n', PREPARE],
    ['an existing prepare is kept first', '{\n  "scripts": { "prepare": "husky" }\n}\n', `husky && ${PREPARE}`],
    ['already there', JSON.stringify({ scripts: { prepare: PREPARE } }), undefined],
    ['already there after another step', '{ "scripts": { "prepare": "husky && flowgate install --force" } }', undefined],
    ['an older `flow install` (flow-bin’s name too) is replaced in place', '{ "scripts": { "prepare": "husky && flow install" } }', `husky && ${PREPARE}`],
    ['a different "flow" word is not flowgate', '{ "scripts": { "prepare": "workflow installer" } }', `workflow installer && ${PREPARE}`],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => {
      const r = withPrepare(text, JSON.parse(text) as Record<string, unknown>);
      assert.equal(r?.prepare, expected);
      if (r) assert.equal((JSON.parse(r.content) as { scripts: { prepare: string } }).scripts.prepare, expected);
    });
  }
  test('the script names the flowgate binary and never `flow` (flow-bin ships one too)', () => {
    assert.match(PREPARE, /^flowgate install \|\| /);
    assert.doesNotMatch(PREPARE, /(^|\s)flow\s/);
  });
  test('Yarn 2+: postinstall, which berry runs for the root project', () => {
    const r = withPrepare('{}', {}, 'postinstall')!;
    assert.deepEqual(JSON.parse(r.content), { scripts: { postinstall: PREPARE } });
  });
  test('indentation, CRLF and the final newline are kept', () => {
    const text = '{\r\n\t"name": "x"\r\n}\r\n';
    const r = withPrepare(text, { name: 'x' })!;
    assert.equal(r.content, `{\r\n\t"name": "x",\r\n\t"scripts": {\r\n\t\t"prepare": ${JSON.stringify(PREPARE)}\r\n\t}\r\n}\r\n`);
  });
});

describe('configContent', () => {
  test('fresh: $schema and branches', () => {
    assert.deepEqual(JSON.parse(configContent(answers({ develop: null }))), {
      $schema: './node_modules/flowgate/schema/flowgate.schema.json',
      branches: { main: 'main', develop: null },
    });
  });
  test('over an existing config: other keys are kept', () => {
    const out = JSON.parse(configContent(answers({ main: 'master' }), { requireIssue: true, branches: { main: 'x' } })) as Record<string, unknown>;
    assert.deepEqual(out.branches, { main: 'master', develop: 'develop' });
    assert.equal(out.requireIssue, true);
  });
});

describe('defaultAnswers', () => {
  test('main, else master, else the current branch', () => {
    assert.equal(defaultAnswers(state(), {}).answers.main, 'main');
    assert.equal(defaultAnswers(state({ localBranches: ['master'], originBranches: [] }), {}).answers.main, 'master');
    assert.equal(defaultAnswers(state({ localBranches: [], originBranches: [], currentBranch: 'trunk' }), {}).answers.main, 'trunk');
  });
  test('the existing config wins over guesses; flags win over the config', () => {
    const config = defaultConfig();
    config.branches = { main: 'prod', develop: null };
    const s = state({ config, configSource: { file: `${ROOT}/flowgate.config.json`, kind: 'json' } });
    assert.deepEqual(defaultAnswers(s, {}).answers, answers({ main: 'prod', develop: null }));
    assert.deepEqual(defaultAnswers(s, { develop: 'dev', main: 'm' }).answers, answers({ main: 'm', develop: 'dev' }));
  });
  test('what is left to ask', () => {
    assert.deepEqual(defaultAnswers(state(), {}).open, ['model', 'main', 'develop']);
    assert.deepEqual(defaultAnswers(state(), { trunk: true, main: 'main' }).open, []);
    assert.deepEqual(defaultAnswers(state(), { develop: 'dev' }).open, ['main']);
  });
  test('--trunk with --develop is a usage error', () => {
    assert.throws(() => defaultAnswers(state(), { trunk: true, develop: 'dev' }), /--trunk/);
  });
  test('invalid branch names are refused', () => {
    assert.throws(() => validateAnswers(answers({ main: 'a..b' })), /not a valid git branch name/);
    assert.throws(() => validateAnswers(answers({ main: 'x', develop: 'x' })), /cannot both be/);
    assert.doesNotThrow(() => validateAnswers(answers({ main: 'release/main', develop: null })));
  });
});

describe('planInit', () => {
  test('a fresh repository: every file created, commit.template set, prepare added, develop from main', () => {
    const p = plan(state(), answers());
    assert.deepEqual(
      p.files.map((f) => [f.display, f.action]),
      [
        ['flowgate.config.json', 'create'],
        ['.github/pull_request_template.md', 'create'],
        ['.github/workflows/flowgate.yml', 'create'],
        ['.github/workflows/ci.yml', 'create'],
        ['.github/workflows/codeql.yml', 'create'],
        ['.github/workflows/deploy.yml', 'create'],
        ['.github/workflows/release-pr.yml', 'create'],
        ['.github/dependabot.yml', 'create'],
        ['.gitmessage', 'create'],
        ['commitlint.config.ts', 'create'],
        ['docs/WORKFLOW.md', 'create'],
      ],
    );
    assert.equal(p.commitTemplate.action, 'set');
    assert.equal(p.packageJson.action, 'update');
    assert.equal(p.packageJson.missingDependency, true);
    assert.deepEqual(p.branch, { kind: 'branch', name: 'develop', action: 'create', from: 'main' });
  });

  test('existing files and their aliases are kept; --force overwrites the same names only', () => {
    const existing = new Set([`${ROOT}/.github/workflows/ci.yml`, `${ROOT}/.github/PULL_REQUEST_TEMPLATE.md`]);
    const kept = plan(state({ existing }), answers());
    const action = (p: ReturnType<typeof plan>, d: string) => p.files.find((f) => f.display === d)!;
    assert.equal(action(kept, '.github/workflows/ci.yml').action, 'keep');
    assert.match(action(kept, '.github/pull_request_template.md').reason!, /PULL_REQUEST_TEMPLATE\.md already does this/);
    const forced = plan(state({ existing }), answers({ force: true }));
    assert.equal(action(forced, '.github/workflows/ci.yml').action, 'overwrite');
    assert.equal(action(forced, '.github/pull_request_template.md').action, 'keep', 'an alias is never doubled');
  });

  test('a config elsewhere is kept even with --force; differing answers are noted', () => {
    const p = plan(state({ configSource: { file: `${ROOT}/package.json#flowgate`, kind: 'package.json' } }), answers({ force: true, develop: null }));
    assert.equal(p.files[0]!.action, 'keep');
    assert.match(p.files[0]!.reason!, /package\.json#flowgate/);
    assert.ok(p.notes.some((n) => n.includes('differs')));
  });

  test('a commitlint config in another form is kept', () => {
    const p = plan(state({ commitlintConfig: `${ROOT}/.commitlintrc.yml` }), answers({ force: true }));
    const step = p.files.find((f) => f.display === 'commitlint.config.ts')!;
    assert.equal(step.action, 'keep');
    assert.match(step.reason!, /\.commitlintrc\.yml/);
  });

  test('commit.template set to something else is kept unless --force', () => {
    assert.equal(plan(state({ commitTemplate: '~/.mytemplate' }), answers()).commitTemplate.action, 'keep');
    assert.equal(plan(state({ commitTemplate: '~/.mytemplate' }), answers({ force: true })).commitTemplate.action, 'set');
    assert.equal(plan(state({ commitTemplate: '.gitmessage' }), answers({ force: true })).commitTemplate.action, 'keep');
  });

  test('develop: kept, tracked from origin, or skipped before the first commit', () => {
    assert.equal(plan(state({ localBranches: ['main', 'develop'] }), answers()).branch!.action, 'keep');
    assert.deepEqual(plan(state({ originBranches: ['main', 'develop'] }), answers()).branch, { kind: 'branch', name: 'develop', action: 'create', from: 'origin/develop', track: true });
    assert.equal(plan(state({ localBranches: [], originBranches: [] }), answers()).branch!.action, 'skip');
    assert.equal(plan(state(), answers({ develop: null })).branch, undefined);
  });

  test('no package.json: skipped with the reason; config-conventional missing: a note', () => {
    const p = plan(state({ packageJson: undefined, conventionalInstalled: false }), answers());
    assert.equal(p.packageJson.action, 'skip');
    assert.match(p.packageJson.reason!, /no package\.json/);
    assert.ok(p.notes.some((n) => n.includes('npm install -D @commitlint/config-conventional')));
  });

  test('--no-github plans no .github file', () => {
    assert.ok(plan(state(), answers({ github: false })).files.every((f) => !f.display.startsWith('.github')));
  });
});
