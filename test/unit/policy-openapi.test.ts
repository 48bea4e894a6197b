/**
 * Conformance: every GitHub request `flow protect` can send (apply, fallbacks, --check reads) is
 * an operation of GitHub's OpenAPI description, and its body validates against the operation's
 * requestBody schema with unknown fields refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.js';
import { mergeConfig } from '../../src/config/validate.js';
import type { ApiRequest, ForgeClient, RemoteInfo } from '../../src/forge/index.js';
import { githubPlan, Limits, type GitHubState } from '../../src/policy/github.js';
import * as gh from '../../src/policy/github-requests.js';
import { resolvePolicy } from '../../src/policy/model.js';
import { conformance, findOperation } from '../helpers/openapi.js';

const API = 'https://api.github.com';
const remote: RemoteInfo = { provider: 'github', host: 'github.com', repoPath: 'acme/widgets', webUrl: 'https://github.com/acme/widgets', apiUrl: API };

const rich = resolvePolicy(
  mergeConfig({
    policy: {
      rules: { approvals: 2, codeOwnerReview: true, conversationResolution: true, linearHistory: true, lastPushApproval: true },
      branches: { develop: { approvals: 1, requiredChecks: [] } },
      mergeMethods: ['squash', 'rebase'],
      environments: { production: { reviewers: ['octocat', 'acme/release'], waitTimer: 30, preventSelfReview: true }, preview: { branches: [] } },
      security: { secretScanning: false },
    },
  }),
);
const plain = resolvePolicy(defaultConfig());

function details(plan: ReturnType<typeof githubPlan>): ApiRequest[] {
  return plan.map((s) => ({ method: s.detail.method as ApiRequest['method'], url: s.detail.url as string, body: s.detail.body ?? undefined }));
}

const state: GitHubState = {
  rulesets: new Map([['flowgate: main', 42]]),
  reviewers: new Map([
    ['octocat', { type: 'User', id: 583231 }],
    ['acme/release', { type: 'Team', id: 7 }],
  ]),
  environments: new Map([['production', [{ id: 9, name: 'old-branch' }]]]),
};

/** Every request the code can send, from every path through the planner and the readers. */
function everyRequest(): ApiRequest[] {
  const fakeRunner = { remote, forge: {} as ForgeClient };
  const out: ApiRequest[] = [];
  // A dry run sends nothing (its reviewer ids are placeholders); the zero-config preview must still be right.
  out.push(...details(githubPlan(remote, plain, undefined, undefined, new Limits())));
  for (const policy of [plain, rich]) {
    out.push(...details(githubPlan(remote, policy, state, fakeRunner, new Limits())));
    out.push(...details(githubPlan(remote, policy, { ...state, rulesets: 'unavailable' }, fakeRunner, new Limits())));
    for (const b of policy.branches) out.push(gh.classicProtection(remote, b), gh.reads.branchRules(remote, b.branch), gh.reads.classic(remote, b.branch));
    for (const e of policy.environments) out.push(gh.putEnvironment(remote, e, [], false), gh.reads.environment(remote, e.name), gh.reads.branchPolicies(remote, e.name));
    out.push(gh.vulnerabilityAlerts(remote, false), gh.automatedSecurityFixes(remote, false));
  }
  out.push(gh.reads.repo(remote), gh.reads.rulesets(remote), gh.reads.ruleset(remote, 42), gh.reads.vulnerabilityAlerts(remote), gh.reads.automatedSecurityFixes(remote));
  out.push(gh.reviewerLookup(API, 'octocat'), gh.reviewerLookup(API, 'acme/release'));
  return out;
}

describe('GitHub requests against the OpenAPI description', () => {
  const requests = everyRequest();

  it('covers every kind of request the policy sends', () => {
    const ops = new Set(requests.map((r) => `${r.method} ${findOperation(r.method, r.url, API)?.template}`));
    for (const op of [
      'POST /repos/{owner}/{repo}/rulesets',
      'PUT /repos/{owner}/{repo}/rulesets/{ruleset_id}',
      'PUT /repos/{owner}/{repo}/branches/{branch}/protection',
      'PATCH /repos/{owner}/{repo}',
      'PUT /repos/{owner}/{repo}/environments/{environment_name}',
      'POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
      'DELETE /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}',
      'PUT /repos/{owner}/{repo}/vulnerability-alerts',
      'DELETE /repos/{owner}/{repo}/vulnerability-alerts',
      'PUT /repos/{owner}/{repo}/automated-security-fixes',
      'GET /repos/{owner}/{repo}/rules/branches/{branch}',
      'GET /repos/{owner}/{repo}/rulesets',
      'GET /users/{username}',
      'GET /orgs/{org}/teams/{team_slug}',
    ]) {
      assert.ok(ops.has(op), `${op} is among the requests`);
    }
  });

  it('every method, path, query parameter and body conforms', () => {
    const problems = requests.flatMap((r) => conformance(r, API));
    assert.deepEqual(problems, []);
  });

  it('refuses a misspelt field, a wrong type and an unknown route (the oracle is not blind)', () => {
    const [ruleset] = details(githubPlan(remote, plain, undefined, undefined, new Limits()));
    const body = structuredClone(ruleset!.body) as { rules: { type: string; parameters?: Record<string, unknown> }[] } & Record<string, unknown>;
    const pr = body.rules.find((r) => r.type === 'pull_request')!;
    pr.parameters!.dismiss_stale_reviews = true; // the classic name, not the ruleset one
    assert.ok(conformance({ ...ruleset!, body }, API).some((p) => /dismiss_stale_reviews/.test(p)), 'misspelt nested field refused');
    assert.ok(conformance({ method: 'PATCH', url: `${API}/repos/acme/widgets`, body: { delete_branch_on_merge: 'yes' } }, API).length > 0, 'wrong type refused');
    assert.ok(conformance({ method: 'PATCH', url: `${API}/repos/acme/widgets`, body: { delete_branches_on_merge: true } }, API).length > 0, 'unknown top-level field refused');
    assert.ok(conformance({ method: 'PUT', url: `${API}/repos/acme/widgets/environment/production`, body: {} }, API).length > 0, 'unknown route refused');
    assert.ok(conformance({ method: 'GET', url: `${API}/repos/acme/widgets/rulesets?include_parents=false` }, API).length > 0, 'unknown query parameter refused');
  });
});
