import type { z as Zod } from 'zod';
import { RULE_IDS } from '../core/secrets/rules.js';

/**
 * The user-facing shape: every key optional, unknown keys are errors (usually typos). zod is
 * passed in, not imported, so a hook bundles this file and loads zod only for a config file.
 */
export function configSchema(z: typeof Zod) {

  const hookCheck = z.enum([
    'protected-branch',
    'branch-name',
    'lint-staged',
    'issue-footer',
    'prompt',
    'commitlint',
    'commit-messages',
    'secrets',
  ]);

  const branchName = z.string().min(1).describe('a branch name');

  // The secret scan (issue 14): its own block, so other schema edits merge cleanly.
  const secrets = z
    .strictObject({
      enabled: z.boolean().optional().describe('scan for credentials in the pre-commit hook and in flow check (default true)'),
      allow: z
        .strictObject({
          paths: z.array(z.string().min(1)).optional().describe('path globs never scanned (a glob without a slash matches the file name anywhere)'),
          rules: z.array(z.enum(RULE_IDS)).optional().describe('rule ids not reported'),
          fingerprints: z
            .array(z.string().regex(/^[0-9a-fA-F]{16}$/, 'must be a 16-character fingerprint as printed by flowgate'))
            .optional()
            .describe('findings not reported, by the fingerprint flowgate prints'),
        })
        .optional()
        .describe('what the secret scan lets through'),
      maxAgeDays: z.number().int().positive().optional().describe('flow audit flags Actions secrets not updated for longer (default 90)'),
    })
    .optional()
    .describe('the secret scan: pre-commit, flow check and flow audit');

  // ---- policy (flow protect): one block, so other schema edits merge cleanly ----
  const branchRules = z
    .strictObject({
      approvals: z.number().int().min(0).max(10).optional().describe('required approving reviews (default 1)'),
      dismissStaleReviews: z.boolean().optional().describe('a new push dismisses earlier approvals (default true)'),
      codeOwnerReview: z.boolean().optional().describe('code owners must approve changes to their files (default false)'),
      lastPushApproval: z.boolean().optional().describe('the last push must be approved by someone else (default false)'),
      conversationResolution: z.boolean().optional().describe('every review conversation must be resolved (default false)'),
      requiredChecks: z.array(z.string().min(1)).optional().describe("status checks that must pass (default: the generated workflows' jobs)"),
      strictChecks: z.boolean().optional().describe('the branch must be up to date with its base before merging (default true)'),
      linearHistory: z.boolean().optional().describe('refuse merge commits (default false: git-flow releases merge)'),
      allowForcePushes: z.boolean().optional().describe('allow force pushes (default false)'),
      allowDeletions: z.boolean().optional().describe('allow deleting the branch (default false)'),
    })
    .describe('rules for a protected branch');
  const environment = z
    .strictObject({
      branches: z.array(branchName).optional().describe('branches that may deploy to it (staging: develop, production: main)'),
      reviewers: z.array(z.string().regex(/^[A-Za-z0-9-]+(\/[A-Za-z0-9._-]+)?$/, 'must be a user login or org/team-slug')).max(6).optional().describe('users (login) or teams (org/slug) who approve deployments'),
      waitTimer: z.number().int().min(0).max(43200).optional().describe('minutes to wait before a deployment starts (default 0)'),
      preventSelfReview: z.boolean().optional().describe('the person who triggered a deployment cannot approve it (default false)'),
    })
    .describe('a deployment environment');
  const policySchema = z
    .strictObject({
      rules: branchRules.optional().describe('rules for every protected branch that is not a glob'),
      branches: z.record(branchName, branchRules).optional().describe('per-branch overrides of `rules`, by branch name'),
      enforcement: z.enum(['active', 'evaluate', 'disabled']).optional().describe('GitHub ruleset enforcement (default active; evaluate needs GitHub Enterprise)'),
      mergeMethods: z.array(z.enum(['merge', 'squash', 'rebase'])).min(1).optional().describe('merge methods allowed on pull requests (default merge and squash)'),
      deleteBranchOnMerge: z.boolean().optional().describe('delete head branches once merged (default true)'),
      environments: z.record(z.string().regex(/^[^/\s][^/]*$/, 'must be an environment name'), z.union([environment, z.literal(false)])).optional().describe('deployment environments by name; false leaves one alone (default staging from develop, production from main)'),
      security: z
        .strictObject({
          vulnerabilityAlerts: z.boolean().nullable().optional().describe('Dependabot alerts (default true; null: leave alone)'),
          automatedSecurityFixes: z.boolean().nullable().optional().describe('Dependabot security updates (default true; null: leave alone)'),
          secretScanning: z.boolean().nullable().optional().describe('secret scanning (default true; null: leave alone)'),
          pushProtection: z.boolean().nullable().optional().describe('secret scanning push protection (default true; null: leave alone)'),
        })
        .optional(),
    })
    .describe('the server-side policy `flow protect` applies and `flow protect --check` compares');

  return z
    .strictObject({
      $schema: z.string().optional(),
      branches: z
        .strictObject({
          main: branchName.optional().describe('the production branch (default "main")'),
          develop: branchName.nullable().optional().describe('the integration branch; null for trunk-based (default "develop")'),
        })
        .optional(),
      protected: z.array(z.string().min(1)).optional().describe('branch globs nobody pushes or commits to directly (default: main and develop)'),
      branchTypes: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).min(1).optional().describe('allowed <type>/ prefixes'),
      requireIssue: z.boolean().optional().describe('feature and bugfix branch names must carry an issue id'),
      issuePattern: z
        .string()
        .refine((s) => {
          try {
            new RegExp(s);
            return true;
          } catch {
            return false;
          }
        }, 'must be a valid regular expression')
        .optional()
        .describe('regular expression of a tracker key such as ABC-123 (default "[A-Z][A-Z0-9]+-[0-9]+")'),
      issueFooter: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/).optional().describe('trailer token for the issue footer (default "Refs")'),
      prompt: z.boolean().optional().describe('prompt for a commit message when git opens an empty editor (default true)'),
      tagPrefix: z.string().optional().describe('prefix of release tags (default "v")'),
      forge: z
        .strictObject({
          provider: z.enum(['github', 'gitlab']).optional(),
          repo: z.string().regex(/^[^/\s]+(\/[^/\s]+)+$/, 'must look like owner/repo').optional(),
          apiUrl: z.url().optional(),
          host: z.string().min(1).optional(),
        })
        .optional(),
      sync: z
        .strictObject({
          strategy: z.enum(['merge', 'rebase']).optional().describe('how `flow sync` brings a branch up to date with its base: "merge" (default, never rewrites pushed commits) or "rebase"'),
          prune: z.boolean().optional().describe('`flow sync` deletes local branches whose pull requests were merged (default true)'),
        })
        .optional()
        .describe('`flow sync`'),
      deploy: z
        .strictObject({
          script: z.string().min(1).optional().describe('the command the generated deploy workflow runs, with the environment name as its argument (e.g. "npm run deploy --"); default: a placeholder step that fails and says to set this'),
        })
        .optional()
        .describe('the deploy workflow `flow init` writes'),
      hooks: z
        .strictObject({
          'pre-commit': z.array(hookCheck).optional(),
          'prepare-commit-msg': z.array(hookCheck).optional(),
          'commit-msg': z.array(hookCheck).optional(),
          'pre-push': z.array(hookCheck).optional(),
        })
        .optional()
        .describe('which checks each hook runs'),
      policy: policySchema.optional(),
      secrets,
    })
    .describe('flowgate configuration');
}

