import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.js';
import { resolveConfig, mergeConfig } from '../../src/config/validate.js';
import { formatRequest } from '../../src/forge/protection.js';
import { compareEnvironment, compareRules, describeDifference, observedEnvironment, observedFromClassic, observedFromRules } from '../../src/policy/drift.js';
import { classicProtectionBody, rulesetBody, securityAnalysis } from '../../src/policy/github-requests.js';
import { pushRuleBody, updateProtection } from '../../src/policy/gitlab.js';
import { isPlanLimit } from '../../src/policy/limits.js';
import { resolvePolicy } from '../../src/policy/model.js';
import { ForgeRequestError } from '../../src/forge/http.js';
import { REQUIRED_CHECKS } from '../../src/templates/jobs.js';

const api = { apiUrl: 'https://api.github.com', repoPath: 'acme/widgets' };

describe('policy defaults follow the branch model', () => {
  it('zero config: main and develop, the generated jobs as checks, staging from develop, production from main', () => {
    const p = resolvePolicy(defaultConfig());
    assert.deepEqual(p.branches.map((b) => b.branch), ['main', 'develop']);
    for (const b of p.branches) {
      assert.deepEqual(b.requiredChecks, REQUIRED_CHECKS);
      assert.equal(b.approvals, 1);
      assert.equal(b.dismissStaleReviews, true);
      assert.equal(b.allowForcePushes, false);
      assert.equal(b.allowDeletions, false);
    }
    assert.deepEqual(p.environments.map((e) => [e.name, e.branches]), [['staging', ['develop']], ['production', ['main']]]);
    assert.deepEqual(p.mergeMethods, ['merge', 'squash']);
    assert.equal(p.deleteBranchOnMerge, true);
    assert.deepEqual(Object.values(p.security), [true, true, true, true]);
  });
  it('trunk-based: only main and production', () => {
    const p = resolvePolicy(mergeConfig({ branches: { develop: null } }));
    assert.deepEqual(p.branches.map((b) => b.branch), ['main']);
    assert.deepEqual(p.environments.map((e) => e.name), ['production']);
  });
  it('per-branch overrides, environments turned off, security left alone', () => {
    const p = resolvePolicy(mergeConfig({ policy: { rules: { approvals: 2 }, branches: { develop: { approvals: 0 } }, environments: { staging: false }, security: { pushProtection: null } } }));
    assert.deepEqual(p.branches.map((b) => b.approvals), [2, 0]);
    assert.deepEqual(p.environments.map((e) => e.name), ['production']);
    assert.equal(p.security.pushProtection, null);
  });
  it('the config schema names a misspelt policy key', async () => {
    await assert.rejects(resolveConfig({ policy: { rules: { aprovals: 2 } } }, 'package.json#flowgate'), /`policy\.rules\.aprovals` unknown key/);
    await assert.rejects(resolveConfig({ policy: { environments: { production: { reviewers: ['a b'] } } } }, 'x'), /policy\.environments\.production\.reviewers/);
  });
});

describe('GitHub bodies', () => {
  const [main] = resolvePolicy(mergeConfig({ policy: { rules: { linearHistory: true, conversationResolution: true } } })).branches;
  it('a ruleset per branch, named for it, no bypass actors', () => {
    const body = rulesetBody(main!, 'active');
    assert.equal(body.name, 'flowgate: main');
    assert.deepEqual(body.bypass_actors, []);
    assert.deepEqual(body.conditions.ref_name.include, ['refs/heads/main']);
    assert.deepEqual(body.rules.map((r) => r.type), ['deletion', 'non_fast_forward', 'required_linear_history', 'pull_request', 'required_status_checks']);
  });
  it('classic protection carries the same settings', () => {
    const body = classicProtectionBody(main!);
    assert.equal(body.enforce_admins, true);
    assert.equal(body.required_linear_history, true);
    assert.equal(body.required_conversation_resolution, true);
    assert.deepEqual(body.required_status_checks, { strict: true, contexts: REQUIRED_CHECKS });
  });
  it('push protection is off when secret scanning is', () => {
    const p = resolvePolicy(mergeConfig({ policy: { security: { secretScanning: false } } }));
    assert.deepEqual(securityAnalysis(api, p)!.body, { security_and_analysis: { secret_scanning: { status: 'disabled' }, secret_scanning_push_protection: { status: 'disabled' } } });
    assert.equal(securityAnalysis(api, resolvePolicy(mergeConfig({ policy: { security: { secretScanning: null, pushProtection: null } } }))), undefined);
  });
  it('formats a request as method, URL and JSON', () => {
    assert.equal(formatRequest({ method: 'PUT', url: 'http://x/y', body: { a: 1 } }), 'PUT http://x/y\n{\n  "a": 1\n}');
    assert.equal(formatRequest({ method: 'PUT', url: 'http://x/v' }), 'PUT http://x/v');
  });
});

describe('drift', () => {
  const [main] = resolvePolicy(defaultConfig()).branches;
  it('what the ruleset applies reads back as no difference', () => {
    assert.deepEqual(compareRules(main!, observedFromRules(rulesetBody(main!, 'active').rules)), []);
    assert.deepEqual(compareRules(main!, observedFromClassic({
      required_status_checks: { strict: true, contexts: REQUIRED_CHECKS },
      required_pull_request_reviews: { dismiss_stale_reviews: true, required_approving_review_count: 1 },
      allow_force_pushes: { enabled: false },
      allow_deletions: { enabled: false },
    })), []);
  });
  it('each weakened setting is one difference', () => {
    const rules = rulesetBody({ ...main!, approvals: 0, allowForcePushes: true, requiredChecks: ['flow check'] }, 'active').rules;
    const diffs = compareRules(main!, observedFromRules(rules)).map(describeDifference);
    assert.deepEqual(diffs, [
      'branch main: required approvals is 0, expected 1',
      `branch main: required status checks is flow check, expected ${REQUIRED_CHECKS.join(', ')}`,
      'branch main: force pushes allowed is true, expected false',
    ]);
    assert.match(compareRules(main!, observedFromRules([])).map(describeDifference).join('\n'), /pull request required is false, expected true/);
  });
  it('environments: missing, branches, reviewers, wait timer', () => {
    const [, production] = resolvePolicy(mergeConfig({ policy: { environments: { production: { reviewers: ['octocat', 'acme/release'], waitTimer: 10 } } } })).environments;
    assert.deepEqual(compareEnvironment(production!, undefined).map(describeDifference), ['environment production: environment is missing, expected present']);
    const same = observedEnvironment(
      { protection_rules: [{ type: 'wait_timer', wait_timer: 10 }, { type: 'required_reviewers', prevent_self_review: false, reviewers: [{ type: 'User', reviewer: { login: 'octocat' } }, { type: 'Team', reviewer: { slug: 'release' } }] }], deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } },
      [{ name: 'main' }],
    );
    assert.deepEqual(compareEnvironment(production!, same), []);
    const open = observedEnvironment({ protection_rules: [], deployment_branch_policy: null }, []);
    assert.deepEqual(compareEnvironment(production!, open).map((d) => d.setting), ['deploying branches', 'reviewers', 'wait timer (minutes)']);
  });
});

describe('plan limits', () => {
  const e = (status: number, message: string) => new ForgeRequestError('x', 'PUT', 'u', status, {}, { message });
  it('tells a plan limit from a missing permission', () => {
    assert.equal(isPlanLimit(e(403, 'Upgrade to GitHub Pro or make this repository public to enable this feature.')), true);
    assert.equal(isPlanLimit(e(422, 'Fail to create protected rule, please ensure billing plan include protected branch gate.')), true);
    assert.equal(isPlanLimit(e(422, 'Secret scanning is not available for this repository.')), true);
    assert.equal(isPlanLimit(e(403, 'Resource not accessible by personal access token')), false);
    assert.equal(isPlanLimit(e(403, 'Must have admin rights to Repository.')), false);
    assert.equal(isPlanLimit(e(500, 'Upgrade to GitHub Pro')), false);
  });
});

describe('GitLab', () => {
  const [main] = resolvePolicy(defaultConfig()).branches;
  it('updates access levels in place: destroys others and adds the wanted one in one PATCH', () => {
    const req = updateProtection({ apiUrl: 'https://gitlab.com/api/v4', repoPath: 'g/p' }, main!, {
      id: 1,
      name: 'main',
      push_access_levels: [{ id: 11, access_level: 40 }],
      merge_access_levels: [{ id: 12, access_level: 30 }],
    });
    assert.equal(req.method, 'PATCH');
    assert.equal(req.url, 'https://gitlab.com/api/v4/projects/g%2Fp/protected_branches/main');
    assert.deepEqual(req.body, { allow_force_push: false, allowed_to_push: [{ access_level: 0 }, { id: 11, _destroy: true }], allowed_to_merge: [] });
  });
  it('the push rule holds the hooks\' rules', () => {
    const config = defaultConfig();
    const body = pushRuleBody(config, resolvePolicy(config));
    const branch = new RegExp(body.branch_name_regex);
    for (const ok of ['main', 'develop', 'feature/12-policy', 'dependabot/npm/x']) assert.ok(branch.test(ok), ok);
    for (const bad of ['wip', 'Feature/x', 'mainline']) assert.ok(!branch.test(bad), bad);
    const message = new RegExp(body.commit_message_regex);
    for (const ok of ['feat(protect): x', 'fix!: y', "Merge branch 'develop'", 'fixup! feat: x']) assert.ok(message.test(ok), ok);
    assert.ok(!message.test('update stuff'));
    assert.equal(body.prevent_secrets, true);
  });
});
