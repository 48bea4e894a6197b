import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCI } from '../../src/core/ci.js';
import { commentChar } from '../../src/git/comment-char.js';
import { sandbox } from '../helpers/repo.js';

describe('isCI', () => {
  it('is true for any CI value but empty, 0 and false', () => {
    for (const CI of ['true', '1', 'yes', 'woodpecker']) assert.equal(isCI({ CI }), true, CI);
    for (const CI of [undefined, '', '0', 'false']) assert.equal(isCI({ CI }), false, String(CI));
  });
});

describe('commentChar', () => {
  it('asks git only when a line starts with an unusual character', () => {
    const box = sandbox();
    box.gitOk(['config', 'core.commentChar', ';']);
    // no line starts with anything but letters, digits, space or '#': the answer cannot matter
    assert.equal(commentChar('feat: x\n\n# comment\n', box.dir), '#');
    assert.equal(commentChar('feat: x\n; Please enter the commit message\n', box.dir), ';');
    assert.equal(commentChar(undefined, box.dir), ';');
    box.gitOk(['config', 'core.commentChar', 'auto']);
    assert.equal(commentChar(undefined, box.dir), '#');
  });
});
