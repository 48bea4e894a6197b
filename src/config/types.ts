/** The resolved configuration every part of flowgate reads. All keys have defaults. */
export type HookName = 'pre-commit' | 'prepare-commit-msg' | 'commit-msg' | 'pre-push';

export type HookCheck =
  | 'protected-branch'
  | 'branch-name'
  | 'lint-staged'
  | 'issue-footer'
  | 'prompt'
  | 'commitlint'
  | 'commit-messages'
  | 'secrets';

export interface ForgeConfig {
  provider?: 'github' | 'gitlab';
  /** owner/repo (GitLab: group/subgroup/project) */
  repo?: string;
  /** API base URL, used exactly as given */
  apiUrl?: string;
  /** web host, e.g. github.example.com */
  host?: string;
}

/** Rules for one protected branch, as written in the config (every key optional). */
export interface BranchRulesConfig {
  approvals?: number;
  dismissStaleReviews?: boolean;
  codeOwnerReview?: boolean;
  lastPushApproval?: boolean;
  conversationResolution?: boolean;
  requiredChecks?: string[];
  strictChecks?: boolean;
  linearHistory?: boolean;
  allowForcePushes?: boolean;
  allowDeletions?: boolean;
}

export interface EnvironmentConfig {
  branches?: string[];
  /** user logins or org/team slugs */
  reviewers?: string[];
  waitTimer?: number;
  preventSelfReview?: boolean;
}

/** The `policy` block as written; src/policy/model.ts fills in the defaults from the branch model. */
export interface PolicyConfig {
  rules?: BranchRulesConfig;
  branches?: Record<string, BranchRulesConfig>;
  enforcement?: 'active' | 'evaluate' | 'disabled';
  mergeMethods?: ('merge' | 'squash' | 'rebase')[];
  deleteBranchOnMerge?: boolean;
  environments?: Record<string, EnvironmentConfig | false>;
  security?: {
    vulnerabilityAlerts?: boolean | null;
    automatedSecurityFixes?: boolean | null;
    secretScanning?: boolean | null;
    pushProtection?: boolean | null;
  };
}

export interface FlowgateConfig {
  branches: { main: string; develop: string | null };
  /** branch globs no one pushes to directly; defaults to main and develop */
  protected: string[];
  /** allowed `<type>/…` prefixes */
  branchTypes: string[];
  /** when true, feature/bugfix names must carry an issue id */
  requireIssue: boolean;
  /** regular expression (source) of a tracker key such as ABC-123; plain numbers are always ids */
  issuePattern: string;
  /** trailer added to commit messages for the branch's issue */
  issueFooter: string;
  /** prompt for a commit message when git is about to open an empty editor */
  prompt: boolean;
  /** prefix of release tags */
  tagPrefix: string;
  forge: ForgeConfig;
  /** `flow sync`: merge or rebase onto the base; prune local branches whose PRs were merged */
  sync: { strategy: 'merge' | 'rebase'; prune: boolean };
  /** the deploy workflow's command (environment name appended); undefined: a placeholder that fails with advice */
  deploy: { script?: string };
  /** which checks each hook runs */
  hooks: Record<HookName, HookCheck[]>;
  /** the server-side policy for `flow protect` (defaults resolved by src/policy/model.ts) */
  policy: PolicyConfig;
  secrets: SecretsConfig;
}

/** The secret scan (docs/security.md). */
export interface SecretsConfig {
  /** scan in the pre-commit hook (when its `secrets` check is listed) and in flow check */
  enabled: boolean;
  allow: { paths: string[]; rules: string[]; fingerprints: string[] };
  /** flow audit flags Actions secrets not updated for longer than this */
  maxAgeDays: number;
}

/** Where the configuration came from, for error messages and doctor. */
export interface LoadedConfig {
  config: FlowgateConfig;
  /** absolute path of the file that held it, or undefined for zero config */
  file?: string;
  /** the package directory (where package.json sits), or the repository root */
  dir: string;
}
