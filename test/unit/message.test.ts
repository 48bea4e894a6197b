import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addTrailer, cleanMessage, isTrailerBlock } from '../../src/core/message.js';
import { issueReference, mentionsIssue, parseIssueId } from '../../src/core/issue.js';
import { redact, registerSecret } from '../../src/core/redact.js';
import { sanitize } from '../../src/ui/output.js';

describe('cleanMessage', () => {
  const cases: [string, string, string?][] = [
    ['feat: x\n', 'feat: x'],
    ['\uFEFFfeat: x\r\n\r\nbody\r\n', 'feat: x\n\nbody'],
    ['feat: x\n# Please enter the commit message\n#\n', 'feat: x'],
    ['feat: x\n\n\n\nbody  \n\n', 'feat: x\n\nbody'],
    ['feat: x\n# ------------------------ >8 ------------------------\ndiff --git a b\n+feat: y', 'feat: x'],
    ['feat: x\n; comment\n# kept\n', 'feat: x\n# kept', ';'],
    ['# only comments\n', ''],
  ];
  for (const [raw, expected, char] of cases) {
    it(JSON.stringify(raw), () => assert.equal(cleanMessage(raw, char), expected));
  }
});

describe('addTrailer', () => {
  it('adds a footer paragraph to a one-line message', () => {
    assert.equal(addTrailer('feat: x\n', 'Refs: #1'), 'feat: x\n\nRefs: #1\n');
  });
  it('joins an existing trailer block', () => {
    assert.equal(addTrailer('feat: x\n\nSigned-off-by: A <a@b>\n', 'Refs: #1'), 'feat: x\n\nSigned-off-by: A <a@b>\nRefs: #1\n');
  });
  it('keeps git’s comments below and leaves the subject line free in an empty message', () => {
    assert.equal(addTrailer('\n# Please enter\n', 'Refs: #1'), '\n\nRefs: #1\n\n# Please enter\n');
    assert.equal(addTrailer('feat: x\n# c\n', 'Refs: #1'), 'feat: x\n\nRefs: #1\n\n# c\n');
  });
  it('keeps CRLF and a BOM', () => {
    assert.equal(addTrailer('\uFEFFfeat: x\r\n', 'Refs: #1'), '\uFEFFfeat: x\r\n\r\nRefs: #1\r\n');
  });
  it('does not take a body paragraph for trailers', () => {
    assert.equal(isTrailerBlock('This: is prose, really'), true);
    assert.equal(isTrailerBlock('Just prose here'), false);
  });
});

describe('issues', () => {
  const pattern = '[A-Z][A-Z0-9]+-[0-9]+';
  it('parses ids', () => {
    assert.equal(parseIssueId('#123', pattern), '123');
    assert.equal(parseIssueId('ABC-9', pattern), 'ABC-9');
    assert.equal(parseIssueId('login', pattern), undefined);
    assert.equal(issueReference('123'), '#123');
    assert.equal(issueReference('ABC-9'), 'ABC-9');
  });
  it('finds mentions', () => {
    assert.ok(mentionsIssue('fix: x\n\nCloses #123', '123'));
    assert.ok(!mentionsIssue('fix: x #1234', '123'));
    assert.ok(mentionsIssue('fix: ABC-9 crash', 'ABC-9'));
    assert.ok(!mentionsIssue('fix: XABC-99', 'ABC-9'));
  });
});

describe('redact and sanitize', () => {
  it('masks registered tokens, URL credentials and token shapes', () => {
    registerSecret('s3cr3t-value');
    assert.equal(redact('token s3cr3t-value here'), 'token *** here');
    assert.equal(redact('https://x-access-token:abc@github.com/o/r'), 'https://***@github.com/o/r');
    assert.equal(redact('ghp_' + 'A'.repeat(36)), '***');
  });
  it('strips terminal escapes from data', () => {
    assert.equal(sanitize('a\u001b[31mred\u001b[0m\u0007b'), 'aredb');
  });
});
