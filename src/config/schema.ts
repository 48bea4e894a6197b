import { z } from 'zod';
import { RULE_IDS } from '../core/secrets/rules.js';

/** The user-facing shape: every key optional, unknown keys are errors (usually typos). */
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

export const configSchema = z
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
    hooks: z
      .strictObject({
        'pre-commit': z.array(hookCheck).optional(),
        'prepare-commit-msg': z.array(hookCheck).optional(),
        'commit-msg': z.array(hookCheck).optional(),
        'pre-push': z.array(hookCheck).optional(),
      })
      .optional()
      .describe('which checks each hook runs'),
    secrets,
  })
  .describe('flowgate configuration');

export type ConfigInput = z.infer<typeof configSchema>;
