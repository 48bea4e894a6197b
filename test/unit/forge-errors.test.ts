import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describe as describeError } from '../../src/forge/errors.js';
import { ForgeRequestError, networkReason, serverMessage } from '../../src/forge/http.js';

const remote = { provider: 'github' as const, host: 'github.com', repoPath: 'acme/widgets', apiUrl: 'https://api.github.com' };
const ctx = { remote, action: 'open the pull request from feature/x into develop', tokenSource: 'GITHUB_TOKEN', permission: 'write access to pull requests' };
const http = (status: number, data: unknown, headers: Record<string, string> = {}) => new ForgeRequestError('x', 'POST', 'u', status, headers, data);

describe('forge error sentences', () => {
  const table: [string, ForgeRequestError, RegExp][] = [
    ['401', http(401, { message: 'Bad credentials' }), /GitHub rejected the token from GITHUB_TOKEN as invalid or expired \(401\).*set GITHUB_TOKEN/],
    ['403 rate limit', http(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 600) }), /rate limit is exhausted \(403\); it resets at \d\d:\d\d UTC \(in 1?\d min\)/],
    ['429 retry-after', http(429, { message: 'slow down' }, { 'retry-after': '30' }), /rate limit is exhausted \(429\); it resets in 30 s/],
    ['403 SSO', http(403, { message: 'Resource protected by organization SAML enforcement.' }, { 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=abc' }), /SAML single sign-on \(403\); authorize it at https:\/\/github\.com\/orgs\/acme\/sso/],
    ['403 permission', http(403, { message: 'Resource not accessible by integration' }), /refused to open the pull request .* \(403: Resource not accessible by integration\); give the token from GITHUB_TOKEN write access to pull requests/],
    ['404', http(404, { message: 'Not Found' }), /Repository acme\/widgets was not found at https:\/\/api\.github\.com, or the token from GITHUB_TOKEN cannot see it \(404\)/],
    ['502', http(502, 'bad gateway'), /GitHub had a server error \(502\) .*try|run the command again/],
    ['connection refused', new ForgeRequestError('x', 'GET', 'u', undefined, {}, undefined, { code: 'ECONNREFUSED', timedOut: false }), /Cannot reach the GitHub API at https:\/\/api\.github\.com \(connection refused\)/],
    ['timeout', new ForgeRequestError('x', 'GET', 'u', undefined, {}, undefined, { code: 'ETIMEDOUT', timedOut: true }), /\(no answer within 10 s\)/],
    ['DNS', new ForgeRequestError('x', 'GET', 'u', undefined, {}, undefined, { code: 'ENOTFOUND', timedOut: false }), /\(host not found\)/],
  ];
  for (const [name, error, expected] of table) {
    it(name, () => {
      const text = describeError(error, ctx);
      assert.match(text, expected);
      assert.equal(text.split('\n').length, 1, 'one line');
    });
  }
  it('GitLab advice names GITLAB_TOKEN', () => {
    assert.match(describeError(http(401, { message: '401 Unauthorized' }), { ...ctx, remote: { ...remote, provider: 'gitlab', host: 'gitlab.com' } }), /GitLab rejected .* set GITLAB_TOKEN/);
  });
  it('server text is one safe line', () => {
    assert.equal(serverMessage({ message: 'Validation\u001b[31m Failed', errors: [{ message: 'A pull request already exists for acme:x.' }] }), 'Validation Failed; A pull request already exists for acme:x.');
    assert.equal(serverMessage({ message: ['Another open merge request already exists'] }), 'Another open merge request already exists');
  });
  it('reads undici network failures', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    assert.deepEqual(networkReason(Object.assign(new TypeError('fetch failed'), { cause })), { code: 'ECONNREFUSED', timedOut: false });
    assert.deepEqual(networkReason(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), { code: 'ETIMEDOUT', timedOut: true });
  });
});
