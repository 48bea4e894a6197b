// The commit-msg hook caches what loading a repository's commitlint config produced
// (<git common dir>/flowgate/commitlint-cache.json), so later commits skip cosmiconfig and the
// TypeScript loader. A cache is only worth having if it is never stale: every change to the
// config must take effect at the very next commit.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { CLI, run, sandbox, type Sandbox } from '../helpers/repo.js';

/** A sandbox with the hooks installed by the built CLI (node_modules/.bin/flowgate → dist/cli.js), on a feature branch. */
function installed(): Sandbox {
  const box = sandbox();
  box.write('package.json', JSON.stringify({ name: 'app', version: '1.0.0', private: true }) + '\n');
  box.write('.gitignore', 'node_modules\n');
  mkdirSync(join(box.dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI, join(box.dir, 'node_modules', '.bin', 'flowgate'));
  const r = run(process.execPath, [CLI, 'install'], { cwd: box.dir, env: box.env });
  if (r.code !== 0) throw new Error(`flowgate install failed: ${r.stderr}`);
  box.gitOk(['add', '-A']);
  box.gitOk(['commit', '-q', '--no-verify', '-m', 'chore: add flowgate']);
  box.gitOk(['switch', '-q', '-c', 'feature/8-cache']);
  return box;
}

/** A commitlint config with the given types (no `extends`, so it needs nothing installed in the sandbox). */
const typesConfig = (types: string[], extra = '') =>
  `export default {\n  rules: {\n    'type-enum': [2, 'always', ${JSON.stringify(types)}],${extra}\n  },\n};\n`;

describe('commitlint config cache', () => {
  let box: Sandbox;
  let cacheFile: string;
  const commit = (message: string) => box.git(['commit', '-q', '--allow-empty', '-m', message]);
  const accepted = (message: string) => {
    const r = commit(message);
    assert.equal(r.code, 0, `"${message}" should pass: ${r.stderr}`);
  };
  const refused = (message: string, rule: RegExp) => {
    const r = commit(message);
    assert.equal(r.code, 1, `"${message}" should be refused`);
    assert.match(r.stderr, rule);
  };

  before(() => {
    box = installed();
    cacheFile = join(box.gitOk(['rev-parse', '--path-format=absolute', '--git-common-dir']), 'flowgate', 'commitlint-cache.json');
  });

  it('lints with the repository’s commitlint.config.ts, and caches it under the git common dir', () => {
    box.write('commitlint.config.ts', typesConfig(['feat', 'fix', 'perf']));
    accepted('perf: cache the config');
    refused('docs: explain the cache', /type must be one of \[feat, fix, perf\]/);
    assert.ok(existsSync(cacheFile), `expected ${cacheFile}`);
    accepted('fix: served from the cache');
  });

  it('a new rule takes effect at the very next commit', () => {
    box.write('commitlint.config.ts', typesConfig(['feat', 'fix', 'perf', 'docs'], "\n    'scope-enum': [2, 'always', ['api', 'hooks']],"));
    accepted('docs(hooks): docs is allowed now');
    refused('feat(ui): scope outside the enum', /scope must be one of \[api, hooks\]/);
    accepted('feat(api): scope inside the enum');
  });

  it('an edit that keeps the file’s size takes effect at once too', () => {
    const before = readFileSync(join(box.dir, 'commitlint.config.ts'), 'utf8');
    const after = before.replace("'hooks'", "'tests'");
    assert.equal(after.length, before.length);
    box.write('commitlint.config.ts', after);
    refused('feat(hooks): no longer a scope', /scope must be one of \[api, tests\]/);
    accepted('feat(tests): the new scope');
  });

  it('a corrupt cache is rebuilt, not trusted', () => {
    writeFileSync(cacheFile, '{ not json');
    accepted('feat(tests): works with a corrupt cache');
    refused('feat(hooks): rules still the repository’s', /scope-enum/);
    assert.doesNotThrow(() => JSON.parse(readFileSync(cacheFile, 'utf8')), 'the cache was rewritten');
  });

  it('removing the config falls back to config-conventional at once', () => {
    rmSync(join(box.dir, 'commitlint.config.ts'));
    refused('bench: not a conventional type', /type must be one of/);
    accepted('feat(ui): any scope again');
  });

  it('a file the config extends is part of the key: editing it takes effect at once', () => {
    box.write('commitlint.rules.mjs', "export default { rules: { 'type-enum': [2, 'always', ['feat', 'fix']] } };\n");
    box.write('commitlint.config.ts', "export default { extends: ['./commitlint.rules.mjs'] };\n");
    accepted('fix: from the shared rules');
    refused('perf: not in the shared rules', /type must be one of \[feat, fix\]/);
    box.write('commitlint.rules.mjs', "export default { rules: { 'type-enum': [2, 'always', ['feat', 'fix', 'perf']] } };\n");
    accepted('perf: the shared rules changed');
  });
});
