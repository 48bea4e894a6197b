import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import conventional from '@commitlint/config-conventional';
import { createLinter } from '../../src/lint/commitlint.js';
import { allowedTypes, exampleCandidates, explainRefusal } from '../../src/lint/explain.js';
import { tempDir } from '../helpers/repo.js';

const TYPES = ['build', 'chore', 'ci', 'docs', 'feat', 'fix', 'perf', 'refactor', 'revert', 'style', 'test'];

/** The refusal text for `header` as the hook composes it, with config-conventional. */
async function refusal(header: string): Promise<string> {
  const lint = await createLinter(tempDir());
  const outcome = await lint(header);
  assert.equal(outcome.valid, false, `${header} is refused`);
  const types = allowedTypes(lint.rules);
  let example = '';
  for (const c of exampleCandidates(header, types)) {
    if ((await lint(c)).valid) {
      example = c;
      break;
    }
  }
  return explainRefusal({ header, errors: outcome.errors, types, example }).join('\n');
}

describe('allowedTypes', () => {
  it('reads an active always type-enum, and nothing else', () => {
    assert.deepEqual(allowedTypes(conventional.rules as Record<string, unknown>), TYPES);
    assert.deepEqual(allowedTypes({ 'type-enum': [2, 'always', ['a', 'b']] }), ['a', 'b']);
    assert.equal(allowedTypes({ 'type-enum': [0, 'always', ['a']] }), undefined);
    assert.equal(allowedTypes({ 'type-enum': [2, 'never', ['a']] }), undefined);
    assert.equal(allowedTypes({}), undefined);
    assert.equal(allowedTypes(undefined), undefined);
  });
});

describe('exampleCandidates', () => {
  it('mends the user’s own header first, then offers a generic one', () => {
    assert.deepEqual(exampleCandidates('added stuff', TYPES), ['feat: added stuff', 'feat: add the login page', 'feat(app): add the login page']);
    assert.equal(exampleCandidates('Fix(UI): Handle the empty form.', TYPES)[0], 'fix(ui): handle the empty form');
    assert.equal(exampleCandidates('feet: add x', TYPES)[0], 'feat: add x');
    assert.equal(exampleCandidates(': add x', TYPES)[0], 'feat: add x');
    assert.equal(exampleCandidates('feat:', TYPES)[0], 'feat: add the login page');
    assert.equal(exampleCandidates('x', ['task', 'bug'])[0], 'task: x');
    assert.equal(exampleCandidates('API change', TYPES)[0], 'feat: API change', 'an acronym keeps its capitals');
  });
});

describe('explainRefusal', () => {
  it('"added stuff": the header quoted, the shape explained, the types and a valid example', async () => {
    const text = await refusal('added stuff');
    assert.match(text, /You wrote: {2}"added stuff"/);
    assert.match(text, /does not start with a type/);
    assert.match(text, /`type\(scope\): subject`/);
    assert.doesNotMatch(text, /✖ subject may not be empty/, 'not commitlint’s puzzle as the explanation');
    assert.match(text, /commitlint: subject may not be empty \[subject-empty\]; type may not be empty \[type-empty\]/);
    assert.match(text, /Allowed types: build, chore, ci, docs, feat, fix, perf, refactor, revert, style, test/);
    assert.match(text, /For example: {2}feat: added stuff$/m);
  });

  it('names each broken rule as an instruction', async () => {
    const cases: [string, RegExp][] = [
      ['feat:add stuff', /Put a space after the colon/],
      ['feat:', /Say what the commit does after "feat: "/],
      ['feet: add x', /"feet" is not an allowed type/],
      ['Feat: add x', /Write the type in lower case: "feat"/],
      ['feat: Add x', /Start the subject in lower case/],
      ['feat: add x.', /Drop the full stop/],
      [`feat: ${'x'.repeat(120)}`, /Shorten the first line \(126 characters, at most 100\)/],
      [`feat: add x\n\n${'y '.repeat(60)}`, /Wrap the lines of the body at 100 characters/],
    ];
    for (const [message, expected] of cases) {
      const header = message.split('\n')[0]!;
      const lint = await createLinter(tempDir());
      const outcome = await lint(message);
      const text = explainRefusal({ header, errors: outcome.errors, types: TYPES, example: 'feat: x' }).join('\n');
      assert.match(text, expected, message);
    }
    const feat = await refusal('Feat: add x');
    assert.doesNotMatch(feat, /not an allowed type/, 'type-case says it; type-enum is not repeated');
  });

  it('every example it offers is accepted by the linter', async () => {
    for (const header of ['added stuff', 'Fixed the bug.', 'feat:add', 'WIP', 'feat(API): Add X.', `${'long '.repeat(30)}`]) {
      const text = await refusal(header.trim());
      const example = /For example: {2}(.*)$/m.exec(text)?.[1] ?? '';
      const lint = await createLinter(tempDir());
      assert.equal((await lint(example)).valid, true, `${example} (for ${header})`);
    }
  });

  it('without a type-enum it says the types are the team’s choice', () => {
    const text = explainRefusal({ header: 'x', errors: [{ name: 'type-empty', message: 'type may not be empty' }], example: 'feat: x' }).join('\n');
    assert.match(text, /Types: any word your team agrees on/);
  });
});
