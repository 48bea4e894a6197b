import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { hooksPathOwner, stubFor, withHookLine, withoutHookLine } from '../../src/install/layout.js';

describe('hook script lines', () => {
  it('creates, keeps and removes flowgate’s line around the user’s', () => {
    assert.equal(withHookLine(undefined, 'pre-push'), 'flowgate hook pre-push "$@"\n');
    const user = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\nnpm test\n';
    const added = withHookLine(user, 'pre-commit');
    assert.equal(added, '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\nflowgate hook pre-commit "$@"\nnpm test\n');
    assert.equal(withHookLine(added, 'pre-commit'), added);
    assert.equal(withoutHookLine(added), user);
    assert.equal(withoutHookLine('flowgate hook commit-msg "$@"\n'), undefined);
  });
  it('keeps CRLF files CRLF', () => {
    assert.equal(withHookLine('npm test\r\n', 'pre-commit'), 'flowgate hook pre-commit "$@"\r\nnpm test\r\n');
  });
  it('tells husky’s layout from another manager’s', () => {
    assert.equal(hooksPathOwner('.husky/_', '/r'), 'husky');
    assert.equal(hooksPathOwner('web/.husky/_', '/r'), 'husky');
    assert.equal(hooksPathOwner('.husky', '/r'), 'husky');
    assert.equal(hooksPathOwner('/abs/app/.husky/_', '/r'), 'husky');
    assert.equal(hooksPathOwner('.githooks', '/r'), 'foreign');
    assert.equal(hooksPathOwner('/usr/share/lefthook', '/r'), 'foreign');
  });
});

describe('hook stubs', () => {
  it('quote the package folder and install command so sh reads them back as written', () => {
    for (const [pkg, install] of [
      ['.', 'npm install'],
      ['packages/web', 'pnpm install'],
      ["my app/it's ünïcode", 'yarn install'],
    ]) {
      const assignments = stubFor(pkg!, install!)
        .split('\n')
        .filter((l) => l.startsWith('FLOWGATE_'))
        .join('\n');
      const read = execFileSync('sh', ['-c', `${assignments}\nprintf '%s\\n%s' "$FLOWGATE_PACKAGE" "$FLOWGATE_INSTALL"`], { encoding: 'utf8' });
      assert.equal(read, `${pkg}\n${install}`);
    }
    assert.match(stubFor('.', 'npm install'), /^FLOWGATE_PACKAGE=\.\nFLOWGATE_INSTALL='npm install'$/m);
  });
});
