/**
 * The dispatcher's pre-filter decides whether Node starts at all for pre-commit: a rule it does
 * not cover is a rule that never runs. Content rules are covered by their keywords (see
 * secrets-rules.test.ts); these tests cover the rules that apply by path.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { RULES, prefilterPathKeywords, prefilterPatterns, type SecretRule } from '../../src/core/secrets/rules.js';

/** Paths each path rule must catch. A new path rule without an entry here fails the first test. */
const SAMPLES: Record<string, string[]> = {
  dotenv: ['.env', '.env.local', 'app/.env', 'a b/ünï/.ENV.Production', 'deep/er/.env.test', 'x/.env.staging'],
};

const pathRules = RULES.filter((r): r is SecretRule & { paths: NonNullable<SecretRule['paths']> } => r.paths !== undefined);
const header = (path: string) => `diff --git a/${path} b/${path}\nnew file mode 100644\nindex 0000000..1234567\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+X=1\n`;
// the same lines as JavaScript regular expressions (they use no ERE-only syntax), as grep -i runs them
const patterns = prefilterPatterns().map((p) => new RegExp(p, 'im'));
const caught = (diff: string) => patterns.some((p) => p.test(diff));

const file = join(tmpdir(), `flowgate-prefilter-paths-${process.pid}`);
writeFileSync(file, `${prefilterPatterns().join('\n')}\n`);
after(() => rmSync(file, { force: true }));
const grep = (diff: string) => spawnSync('grep', ['-qiE', '-f', file], { input: diff }).status;

describe('the pre-filter covers every rule that applies by path', () => {
  it('each path rule has lower-case path keywords, in the pre-filter, and samples it matches', () => {
    assert.ok(pathRules.length > 0);
    for (const rule of pathRules) {
      assert.ok(rule.paths.keywords.length > 0, `${rule.id}: path keywords`);
      for (const k of rule.paths.keywords) {
        assert.equal(k, k.toLowerCase(), `${rule.id}: '${k}' is lower case`);
        assert.ok(prefilterPathKeywords().includes(k), `${rule.id}: '${k}' in the pre-filter`);
      }
      const samples = SAMPLES[rule.id];
      assert.ok(samples?.length, `samples for the path rule ${rule.id} in this file`);
      for (const p of samples) assert.ok(rule.paths.pattern.test(p), `${rule.id} matches ${p}`);
    }
  });

  it('grep, as the dispatcher runs it, starts Node for every sample path, and not for ordinary files', () => {
    for (const rule of pathRules) {
      for (const p of SAMPLES[rule.id] ?? []) assert.equal(grep(header(p)), 0, `${rule.id}: ${p}`);
    }
    for (const p of ['src/env.ts', 'environment.md', 'docs/dotenv.md']) assert.equal(grep(header(p)), 1, p);
  });

  it('any path a rule matches holds one of its keywords, so the pre-filter lets it through', () => {
    const piece = fc.oneof(
      fc.constantFrom('.env', '.ENV', '.env.local', '.env.example', '.env.prod.local', 'env', '.envrc', 'src', 'a b', 'ü', '.'),
      fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/),
    );
    const path = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    for (const rule of pathRules) {
      fc.assert(
        fc.property(path, (p) => {
          if (!rule.paths.pattern.test(p)) return;
          assert.ok(rule.paths.keywords.some((k) => `/${p}`.toLowerCase().includes(k)), `${rule.id}: ${p} holds none of its keywords`);
          assert.ok(caught(header(p)), `${rule.id}: ${p} passes the pre-filter unseen`);
        }),
        { numRuns: 500 },
      );
    }
  });
});
