import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRequest, githubProtectionBody, planProtection } from '../../src/forge/protection.js';
import { REQUIRED_CHECKS } from '../../src/templates/jobs.js';

describe('planProtection', () => {
  it('GitHub: one PUT per branch with the same settings', () => {
    const plan = planProtection({ provider: 'github', repoPath: 'acme/widgets', apiUrl: 'https://api.github.com' }, ['main', 'release/1.x'], ['a', 'b']);
    assert.deepEqual(
      plan.map((s) => `${s.request.method} ${s.request.url}`),
      ['PUT https://api.github.com/repos/acme/widgets/branches/main/protection', 'PUT https://api.github.com/repos/acme/widgets/branches/release%2F1.x/protection'],
    );
    assert.deepEqual(plan[0]!.request.body, {
      required_status_checks: { strict: true, contexts: ['a', 'b'] },
      enforce_admins: true,
      required_pull_request_reviews: { dismiss_stale_reviews: true, required_approving_review_count: 1 },
      restrictions: null,
      allow_force_pushes: false,
      allow_deletions: false,
    });
    assert.deepEqual(plan[1]!.request.body, plan[0]!.request.body);
  });
  it('requires the generated workflow jobs by default', () => {
    assert.ok(REQUIRED_CHECKS.length >= 2);
    assert.deepEqual(githubProtectionBody().required_status_checks.contexts, REQUIRED_CHECKS);
  });
  it('GitLab: POST protected_branches with the encoded project path', () => {
    const [step] = planProtection({ provider: 'gitlab', repoPath: 'g/sub/p', apiUrl: 'https://gitlab.com/api/v4' }, ['main']);
    assert.equal(step!.request.url, 'https://gitlab.com/api/v4/projects/g%2Fsub%2Fp/protected_branches');
    assert.deepEqual(step!.request.body, { name: 'main', push_access_level: 0, merge_access_level: 30, allow_force_push: false });
  });
  it('formats a request as method, URL and JSON', () => {
    assert.equal(formatRequest({ method: 'PUT', url: 'http://x/y', body: { a: 1 } }), 'PUT http://x/y\n{\n  "a": 1\n}');
  });
});
