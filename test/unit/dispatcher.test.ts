// hooks/h is shell, and spells facts the TypeScript side owns: the hooks flowgate handles, the
// files of its fast paths, and the config files that make pre-commit's verdict stale. Each is
// written once in TypeScript; these tests fail when h's copy drifts from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_FILES } from '../../src/config/load.js';
import { MESSAGE_SOURCE_FILE, PRE_COMMIT_VERDICT_FILE, SECRET_PATTERNS_FILE } from '../../src/hooks/fast-path.js';
import { LINT_STAGED_FILES } from '../../src/hooks/pre-commit.js';
import { FLOWGATE_HOOKS } from '../../src/install/layout.js';
import { ROOT } from '../helpers/repo.js';

const h = readFileSync(join(ROOT, 'hooks', 'h'), 'utf8');

const globToRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

describe('hooks/h agrees with the TypeScript side', () => {
  it('writes flowgate’s line for exactly the hooks flowgate handles', () => {
    const line = /case "\$n" in ([a-z|-]+)\) script="flowgate hook/.exec(h);
    assert.ok(line, 'h has the fallback line for a missing .husky/<hook>');
    assert.deepEqual(line[1]!.split('|'), [...FLOWGATE_HOOKS]);
  });

  it('uses the fast-path files under the git dir by their names', () => {
    for (const file of [MESSAGE_SOURCE_FILE, PRE_COMMIT_VERDICT_FILE, SECRET_PATTERNS_FILE]) {
      const [dir, name] = file.split('/');
      assert.ok(h.includes(`f="$FLOWGATE_GIT_DIR/${dir}"`), `h keeps its files in $FLOWGATE_GIT_DIR/${dir}`);
      assert.ok(h.includes(`"$f/${name}"`), `h uses ${file}`);
    }
  });

  it('re-runs pre-commit when any config file is newer than the verdict, and watches nothing else', () => {
    const loop = /for x in ([^;]+); do/.exec(h);
    assert.ok(loop, 'h has the loop over the config files');
    const globs = loop[1]!.trim().split(/\s+/).map((w) => w.replace(/^"\$FLOWGATE_PACKAGE_DIR"\//, ''));
    const watched = ['package.json', ...CONFIG_FILES, ...LINT_STAGED_FILES];
    for (const file of watched) assert.ok(globs.some((g) => globToRegExp(g).test(file)), `h does not watch ${file}`);
    // the installed flowgate's version is the one fact only h needs
    const own = globs.filter((g) => g !== 'node_modules/flowgate/package.json');
    for (const glob of own) assert.ok(watched.some((f) => globToRegExp(glob).test(f)), `h watches ${glob}, which no TypeScript list names`);
  });
});
