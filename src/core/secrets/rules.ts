/**
 * The credentials teams leak most, as data. Patterns follow gitleaks' default rule set
 * (config/gitleaks.toml, MIT) and secretlint's recommended preset (MIT), translated to
 * JavaScript regular expressions; where the two differ, the stricter token shape wins (issue 14,
 * docs/security.md says why neither library runs here).
 *
 * A rule runs on a chunk of text only when the chunk contains one of its keywords (lower case):
 * the same keywords let the hook dispatcher skip Node when no staged line holds any of them.
 */
export interface SecretRule {
  /** stable id, used in output and in `secrets.allow.rules` */
  id: string;
  /** what it found, for people */
  description: string;
  /** lower-case substrings one of which every match contains */
  keywords: string[];
  /** global; the secret is capture group 1 when there is one, else the whole match */
  pattern: RegExp;
  /** minimum Shannon entropy (bits per character) of the secret: weeds out placeholders */
  entropy?: number;
  /**
   * the rule applies only to files whose repository path matches `pattern` (then `keywords` are not
   * needed); `keywords`: lower-case substrings one of which `/<path>` holds whenever it matches,
   * which the dispatcher's pre-filter looks for in the diff's file headers
   */
  paths?: { pattern: RegExp; keywords: string[] };
  /** documented example values that are not secrets */
  examples?: RegExp;
}

// Tokens are delimited by anything that cannot be part of them.
const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';
const re = (source: string, flags = 'g') => new RegExp(source, flags);

export const RULES: readonly SecretRule[] = [
  {
    id: 'github-pat',
    description: 'GitHub personal access token (classic)',
    keywords: ['ghp_'],
    pattern: re(`${B}ghp_[A-Za-z0-9]{36}${E}`),
    entropy: 3,
  },
  {
    id: 'github-fine-grained-pat',
    description: 'GitHub fine-grained personal access token',
    keywords: ['github_pat_'],
    pattern: re(`${B}github_pat_[A-Za-z0-9_]{82}${E}`),
    entropy: 3,
  },
  {
    id: 'github-oauth-token',
    description: 'GitHub OAuth access token',
    keywords: ['gho_'],
    pattern: re(`${B}gho_[A-Za-z0-9]{36}${E}`),
    entropy: 3,
  },
  {
    id: 'github-app-token',
    description: 'GitHub App token',
    keywords: ['ghu_', 'ghs_'],
    pattern: re(`${B}gh[us]_[A-Za-z0-9]{36}${E}`),
    entropy: 3,
  },
  {
    id: 'github-refresh-token',
    description: 'GitHub refresh token',
    keywords: ['ghr_'],
    pattern: re(`${B}ghr_[A-Za-z0-9]{36}${E}`),
    entropy: 3,
  },
  {
    id: 'gitlab-pat',
    description: 'GitLab personal access token',
    keywords: ['glpat-'],
    // classic: 20 characters; routable: 27 or more, then `.` and a 9-character suffix
    pattern: re('(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,300}(?:\\.[0-9a-z]{9})?(?![A-Za-z0-9_-])'),
    entropy: 3,
  },
  {
    id: 'gitlab-deploy-token',
    description: 'GitLab deploy token',
    keywords: ['gldt-'],
    pattern: re('(?<![A-Za-z0-9_-])gldt-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])'),
    entropy: 3,
  },
  {
    id: 'gitlab-runner-token',
    description: 'GitLab runner token',
    keywords: ['glrt-', 'gr1348941'],
    pattern: re('(?<![A-Za-z0-9_-])(?:glrt-[A-Za-z0-9_-]{20,}|GR1348941[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])'),
    entropy: 3,
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    description: 'GitLab pipeline trigger token',
    keywords: ['glptt-'],
    pattern: re('(?<![A-Za-z0-9_-])glptt-[0-9a-f]{40}(?![A-Za-z0-9_-])'),
    entropy: 3,
  },
  {
    id: 'npm-access-token',
    description: 'npm access token',
    keywords: ['npm_'],
    pattern: re(`${B}npm_[A-Za-z0-9]{36}${E}`),
    entropy: 3,
  },
  {
    id: 'npmrc-auth-token',
    description: 'npm registry auth token (_authToken)',
    keywords: ['_authtoken'],
    // `_authToken=${NPM_TOKEN}` is the safe way and is not reported
    pattern: re('_authToken["\']?\\s*[=:]\\s*["\']?([^\\s"\'$%{][^\\s"\']{7,})'),
    entropy: 3,
  },
  {
    id: 'aws-access-key-id',
    description: 'AWS access key ID',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    pattern: re('(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])'),
    entropy: 3,
    examples: /EXAMPLE$/,
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    keywords: ['secret_access_key', 'secretaccesskey', 'secret_accesskey', 'secretaccess_key'],
    pattern: re('(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["\']?\\s*(?::|=>|=)\\s*["\']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])'),
    entropy: 4,
    examples: /EXAMPLEKEY$/,
  },
  {
    id: 'slack-bot-token',
    description: 'Slack bot token',
    keywords: ['xoxb-'],
    pattern: re('(?<![A-Za-z0-9])xoxb-[0-9]{8,14}-(?:[0-9]{10,13}-?[A-Za-z0-9-]*|[A-Za-z0-9]{18,26})'),
    entropy: 2.5,
  },
  {
    id: 'slack-user-token',
    description: 'Slack user token',
    keywords: ['xoxp-', 'xoxe-'],
    pattern: re('(?<![A-Za-z0-9.])xox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9-]{28,34}'),
    entropy: 2.5,
  },
  {
    id: 'slack-app-token',
    description: 'Slack app-level token',
    keywords: ['xapp-'],
    pattern: re('(?<![A-Za-z0-9])xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]+', 'gi'),
    entropy: 2.5,
  },
  {
    id: 'slack-config-token',
    description: 'Slack configuration token',
    keywords: ['xoxe.xox'],
    pattern: re('xoxe\\.xox[bp]-\\d-[A-Z0-9]{163,166}', 'gi'),
    entropy: 2.5,
  },
  {
    id: 'slack-legacy-token',
    description: 'Slack legacy or workspace token',
    keywords: ['xoxa-', 'xoxr-', 'xoxo-', 'xoxs-'],
    pattern: re('(?<![A-Za-z0-9])(?:xox[ar]-(?:\\d-)?[0-9A-Za-z]{8,48}|xox[os]-\\d+-\\d+-\\d+-[a-fA-F\\d]+)'),
    entropy: 2.5,
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook URL',
    keywords: ['hooks.slack.com'],
    pattern: re('(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}'),
    entropy: 3,
  },
  {
    id: 'stripe-secret-key',
    description: 'Stripe live secret or restricted key',
    keywords: ['sk_live_', 'rk_live_', 'sk_prod_', 'rk_prod_'],
    pattern: re(`${B}[sr]k_(?:live|prod)_[A-Za-z0-9]{10,99}${E}`),
    entropy: 2.5,
  },
  {
    id: 'google-api-key',
    description: 'Google (GCP) API key',
    keywords: ['aiza'],
    pattern: re('(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])'),
    entropy: 4,
  },
  {
    id: 'openai-api-key',
    description: 'OpenAI API key',
    keywords: ['t3blbkfj'],
    pattern: re(`${B}sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}(?![A-Za-z0-9_-])`),
    entropy: 3,
  },
  {
    id: 'anthropic-api-key',
    description: 'Anthropic API key',
    keywords: ['sk-ant-'],
    pattern: re('(?<![A-Za-z0-9_-])sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])'),
    entropy: 3,
  },
  {
    id: 'private-key',
    description: 'private key block',
    keywords: ['private key'],
    pattern: re('-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{64,}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----', 'gi'),
    entropy: 3,
  },
  {
    id: 'dotenv',
    description: 'value in a .env file (keep .env files out of git)',
    keywords: [],
    paths: {
      // .env and .env.<name>, but not the templates teams commit on purpose
      pattern: /(?:^|\/)\.env(?:\.(?!(?:example|sample|template|dist|defaults?|schema|tpl)(?:\.|$))[A-Za-z0-9_.-]+)?$/i,
      keywords: ['/.env'],
    },
    pattern: re('^[ \\t]*(?:export[ \\t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \\t]*=[ \\t]*(.*?)[ \\t]*\\r?$', 'gm'),
  },
];

export const RULE_IDS = RULES.map((r) => r.id) as [string, ...string[]];

/** Every keyword of the rules, lower case. */
export function prefilterKeywords(): string[] {
  return [...new Set(RULES.flatMap((r) => r.keywords))];
}

/** Every path keyword of the rules that apply by path, lower case. */
export function prefilterPathKeywords(): string[] {
  return [...new Set(RULES.flatMap((r) => r.paths?.keywords ?? []))];
}

const ere = (words: string[]) => words.map((k) => k.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|');

/**
 * The dispatcher's pre-filter (`grep -qiE -f`) over `git diff --cached -U0`: an added line holding
 * a keyword, a file header naming a path rule's file (`diff --git a/<path> b/<path>`), a binary
 * file (read in Node, size first), or the marker the dispatcher prints when git fails. Anchored,
 * so diff headers (abbreviated ids such as `…acca…`) and source that merely mentions "Binary
 * files" do not start Node. Both keyword lists come from RULES, so a new rule cannot be missed.
 */
export function prefilterPatterns(): string[] {
  const paths = prefilterPathKeywords();
  return [`^\\+.*(${ere(prefilterKeywords())})`, ...(paths.length ? [`^diff --git .*(${ere(paths)})`] : []), '^Binary files ', '^flowgate-scan-failed$'];
}
