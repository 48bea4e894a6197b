import type { FlowgateConfig, HookCheck, HookName } from './types.js';

export const DEFAULT_BRANCH_TYPES = ['feature', 'bugfix', 'hotfix', 'release', 'chore', 'docs', 'support'];

export const DEFAULT_HOOK_CHECKS: Record<HookName, HookCheck[]> = {
  'pre-commit': ['protected-branch', 'branch-name', 'lint-staged', 'secrets'],
  'prepare-commit-msg': ['issue-footer', 'prompt'],
  'commit-msg': ['commitlint'],
  'pre-push': ['protected-branch', 'branch-name', 'commit-messages'],
};

export function defaultConfig(): FlowgateConfig {
  return {
    branches: { main: 'main', develop: 'develop' },
    protected: ['main', 'develop'],
    branchTypes: [...DEFAULT_BRANCH_TYPES],
    requireIssue: false,
    issuePattern: '[A-Z][A-Z0-9]+-[0-9]+',
    issueFooter: 'Refs',
    prompt: true,
    tagPrefix: 'v',
    forge: {},
    sync: { strategy: 'merge', prune: true },
    deploy: {},
    hooks: structuredClone(DEFAULT_HOOK_CHECKS),
    policy: {},
    secrets: { enabled: true, allow: { paths: [], rules: [], fingerprints: [] }, maxAgeDays: 90 },
  };
}
