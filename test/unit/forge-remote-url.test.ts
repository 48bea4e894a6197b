import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareUrl, encodeBranch, forgeCoordinates, parseRemoteUrl } from '../../src/forge/remote-url.js';

describe('parseRemoteUrl', () => {
  const table: [string, { scheme: string; hostname: string; path: string; port?: string; secret?: string } | undefined][] = [
    ['https://github.com/acme/widgets.git', { scheme: 'https', hostname: 'github.com', path: 'acme/widgets' }],
    ['https://github.com/acme/widgets', { scheme: 'https', hostname: 'github.com', path: 'acme/widgets' }],
    ['https://github.com/acme/widgets/', { scheme: 'https', hostname: 'github.com', path: 'acme/widgets' }],
    ['https://github.com/acme/widgets.git/', { scheme: 'https', hostname: 'github.com', path: 'acme/widgets' }],
    ['https://GitHub.com/acme/widgets.git', { scheme: 'https', hostname: 'github.com', path: 'acme/widgets' }],
    ['https://user:s3cr3t-pass@github.com/acme/widgets.git', { scheme: 'https', hostname: 'github.com', path: 'acme/widgets', secret: 's3cr3t-pass' }],
    ['https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz012345@github.com/acme/widgets', { scheme: 'https', hostname: 'github.com', path: 'acme/widgets', secret: 'ghs_abcdefghijklmnopqrstuvwxyz012345' }],
    ['https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/widgets', { scheme: 'https', hostname: 'github.com', path: 'acme/widgets', secret: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' }],
    ['https://acme@github.com/acme/widgets', { scheme: 'https', hostname: 'github.com', path: 'acme/widgets' }],
    ['https://gitlab.example.com:8443/group/sub/project.git', { scheme: 'https', hostname: 'gitlab.example.com', port: '8443', path: 'group/sub/project' }],
    ['http://gitlab.local/group/project', { scheme: 'http', hostname: 'gitlab.local', path: 'group/project' }],
    ['ssh://git@github.com/acme/widgets.git', { scheme: 'ssh', hostname: 'github.com', path: 'acme/widgets' }],
    ['ssh://git@gitlab.example.com:2222/group/sub/project.git', { scheme: 'ssh', hostname: 'gitlab.example.com', path: 'group/sub/project' }],
    ['git+ssh://git@github.com/acme/widgets.git', { scheme: 'ssh', hostname: 'github.com', path: 'acme/widgets' }],
    ['git@github.com:acme/widgets.git', { scheme: 'ssh', hostname: 'github.com', path: 'acme/widgets' }],
    ['git@github.com:acme/widgets', { scheme: 'ssh', hostname: 'github.com', path: 'acme/widgets' }],
    ['github.com:acme/widgets.git', { scheme: 'ssh', hostname: 'github.com', path: 'acme/widgets' }],
    ['git@gitlab.com:group/sub/project.git', { scheme: 'ssh', hostname: 'gitlab.com', path: 'group/sub/project' }],
    ['git@work-gh:acme/widgets.git', { scheme: 'ssh', hostname: 'work-gh', path: 'acme/widgets' }],
    ['git://github.com/acme/widgets.git', { scheme: 'git', hostname: 'github.com', path: 'acme/widgets' }],
    ['/srv/git/widgets.git', undefined],
    ['../widgets.git', undefined],
    ['file:///srv/git/widgets.git', undefined],
    ['C:/repos/widgets.git', undefined],
    ['https://github.com', undefined],
    ['', undefined],
  ];
  for (const [url, expected] of table) {
    it(`reads ${url || '(empty)'}`, () => {
      const parsed = parseRemoteUrl(url);
      if (!expected) return assert.equal(parsed, undefined);
      assert.deepEqual(parsed, expected);
    });
  }
});

describe('forgeCoordinates', () => {
  const table: [string, string | undefined, Record<string, string> | undefined, string | undefined, Record<string, string> | undefined][] = [
    // [name, origin URL, forge config, FLOWGATE_API_URL, expected]
    ['github.com over https', 'https://github.com/acme/widgets.git', {}, undefined,
      { provider: 'github', host: 'github.com', repoPath: 'acme/widgets', webUrl: 'https://github.com/acme/widgets', apiUrl: 'https://api.github.com' }],
    ['github.com over scp ssh', 'git@github.com:acme/widgets.git', {}, undefined,
      { provider: 'github', host: 'github.com', repoPath: 'acme/widgets', webUrl: 'https://github.com/acme/widgets', apiUrl: 'https://api.github.com' }],
    ['ssh.github.com on port 443', 'ssh://git@ssh.github.com:443/acme/widgets.git', {}, undefined,
      { provider: 'github', host: 'github.com', repoPath: 'acme/widgets', webUrl: 'https://github.com/acme/widgets', apiUrl: 'https://api.github.com' }],
    ['credentials never reach the web URL', 'https://bob:hunter2@github.com/acme/widgets.git', {}, undefined,
      { provider: 'github', host: 'github.com', repoPath: 'acme/widgets', webUrl: 'https://github.com/acme/widgets', apiUrl: 'https://api.github.com' }],
    ['GitHub Enterprise', 'git@github.example.com:acme/widgets.git', {}, undefined,
      { provider: 'github', host: 'github.example.com', repoPath: 'acme/widgets', webUrl: 'https://github.example.com/acme/widgets', apiUrl: 'https://github.example.com/api/v3' }],
    ['GitHub Enterprise with a port', 'https://ghe.corp:8443/acme/widgets', {}, undefined,
      { provider: 'github', host: 'ghe.corp:8443', repoPath: 'acme/widgets', webUrl: 'https://ghe.corp:8443/acme/widgets', apiUrl: 'https://ghe.corp:8443/api/v3' }],
    ['gitlab.com with subgroups', 'git@gitlab.com:group/sub/project.git', {}, undefined,
      { provider: 'gitlab', host: 'gitlab.com', repoPath: 'group/sub/project', webUrl: 'https://gitlab.com/group/sub/project', apiUrl: 'https://gitlab.com/api/v4' }],
    ['self-hosted GitLab over ssh with a port', 'ssh://git@gitlab.corp.example:2222/g/p.git', {}, undefined,
      { provider: 'gitlab', host: 'gitlab.corp.example', repoPath: 'g/p', webUrl: 'https://gitlab.corp.example/g/p', apiUrl: 'https://gitlab.corp.example/api/v4' }],
    ['provider from config', 'https://code.corp.example/team/app.git', { provider: 'gitlab' }, undefined,
      { provider: 'gitlab', host: 'code.corp.example', repoPath: 'team/app', webUrl: 'https://code.corp.example/team/app', apiUrl: 'https://code.corp.example/api/v4' }],
    ['FLOWGATE_API_URL used exactly as given', 'https://github.example.com/acme/widgets', {}, 'http://127.0.0.1:9999',
      { provider: 'github', host: 'github.example.com', repoPath: 'acme/widgets', webUrl: 'https://github.example.com/acme/widgets', apiUrl: 'http://127.0.0.1:9999' }],
    ['forge.apiUrl used exactly as given', 'https://github.example.com/acme/widgets', { apiUrl: 'https://api.example.com/gh' }, undefined,
      { provider: 'github', host: 'github.example.com', repoPath: 'acme/widgets', webUrl: 'https://github.example.com/acme/widgets', apiUrl: 'https://api.example.com/gh' }],
    ['FLOWGATE_API_URL beats forge.apiUrl', 'https://github.com/acme/widgets', { apiUrl: 'https://api.example.com' }, 'http://127.0.0.1:1',
      { provider: 'github', host: 'github.com', repoPath: 'acme/widgets', webUrl: 'https://github.com/acme/widgets', apiUrl: 'http://127.0.0.1:1' }],
    ['forge.repo with a local origin', '/tmp/origin.git', { repo: 'acme/widgets' }, undefined,
      { provider: 'github', host: 'github.com', repoPath: 'acme/widgets', webUrl: 'https://github.com/acme/widgets', apiUrl: 'https://api.github.com' }],
    ['forge.repo and gitlab with no origin', undefined, { repo: 'g/s/p', provider: 'gitlab' }, undefined,
      { provider: 'gitlab', host: 'gitlab.com', repoPath: 'g/s/p', webUrl: 'https://gitlab.com/g/s/p', apiUrl: 'https://gitlab.com/api/v4' }],
    ['forge.host overrides the host', 'git@ssh-alias:acme/widgets.git', { host: 'github.example.com' }, undefined,
      { provider: 'github', host: 'github.example.com', repoPath: 'acme/widgets', webUrl: 'https://github.example.com/acme/widgets', apiUrl: 'https://github.example.com/api/v3' }],
    ['a local origin and no config', '/tmp/origin.git', {}, undefined, undefined],
    ['Bitbucket is not guessed to be GitHub', 'git@bitbucket.org:acme/widgets.git', {}, undefined, undefined],
    ['GitHub paths have exactly two parts', 'https://github.com/acme/widgets/extra', {}, undefined, undefined],
  ];
  for (const [name, url, forge, env, expected] of table) {
    it(name, () => assert.deepEqual(forgeCoordinates(url, forge ?? {}, env), expected));
  }
});

describe('compareUrl', () => {
  it('GitHub compare page', () => {
    assert.equal(
      compareUrl({ provider: 'github', webUrl: 'https://github.com/acme/widgets' }, 'develop', 'feature/123-add-login'),
      'https://github.com/acme/widgets/compare/develop...feature/123-add-login?expand=1',
    );
  });
  it('GitLab new merge request page', () => {
    assert.equal(
      compareUrl({ provider: 'gitlab', webUrl: 'https://gitlab.com/g/s/p' }, 'develop', 'feature/x'),
      'https://gitlab.com/g/s/p/-/merge_requests/new?merge_request[source_branch]=feature/x&merge_request[target_branch]=develop',
    );
  });
  it('escapes characters that would break the URL, keeps slashes', () => {
    assert.equal(encodeBranch('feature/a#b?c&d%e+f'), 'feature/a%23b%3Fc%26d%25e%2Bf');
  });
});
