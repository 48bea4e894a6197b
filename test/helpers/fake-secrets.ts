/**
 * Real-looking FAKE credentials for the secret-scan tests. Each is assembled at run time from
 * pieces that match no rule, so this repository holds no scannable token (GitHub push protection
 * and flowgate's own scan stay quiet) while the tests see the full shapes.
 */

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';

/** Deterministic pseudo-random text: the same seed gives the same fake, different seeds differ. */
export function body(length: number, alphabet = ALNUM, seed = length): string {
  let x = (seed * 2654435761) % 4294967296 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1664525 + 1013904223) % 4294967296;
    out += alphabet[Math.floor((x / 4294967296) * alphabet.length)];
  }
  return out;
}

const j = (...parts: string[]) => parts.join('');

/** One fake per rule id (the text a file would hold), seeded so two calls with another seed differ. */
export function fakes(seed = 1): Record<string, string> {
  const s = (n: number) => seed * 1000 + n;
  return {
    'github-pat': j('gh', 'p_', body(36, ALNUM, s(1))),
    'github-fine-grained-pat': j('github', '_pat_', body(22, ALNUM, s(2)), '_', body(59, ALNUM, s(3))),
    'github-oauth-token': j('gh', 'o_', body(36, ALNUM, s(4))),
    'github-app-token': j('gh', 's_', body(36, ALNUM, s(5))),
    'github-refresh-token': j('gh', 'r_', body(36, ALNUM, s(6))),
    'gitlab-pat': j('gl', 'pat-', body(20, ALNUM + '-_', s(7))),
    'gitlab-deploy-token': j('gl', 'dt-', body(20, ALNUM, s(8))),
    'gitlab-runner-token': j('gl', 'rt-', body(20, ALNUM, s(9))),
    'gitlab-pipeline-trigger-token': j('gl', 'ptt-', body(40, HEX, s(10))),
    'npm-access-token': j('np', 'm_', body(36, ALNUM, s(11))),
    'npmrc-auth-token': j('//registry.npmjs.org/:_auth', 'Token=', body(8, HEX, s(12)), '-', body(4, HEX, s(13)), '-', body(4, HEX, s(14)), '-', body(12, HEX, s(15))),
    'aws-access-key-id': j('AK', 'IA', body(16, UPPER + '234567', s(16))),
    'aws-secret-access-key': j('aws_secret_', 'access_key = ', body(40, ALNUM + '/+', s(17))),
    'slack-bot-token': j('xo', 'xb-', body(11, DIGITS, s(18)), '-', body(12, DIGITS, s(19)), '-', body(24, ALNUM, s(20))),
    'slack-user-token': j('xo', 'xp-', body(11, DIGITS, s(21)), '-', body(11, DIGITS, s(22)), '-', body(12, DIGITS, s(23)), '-', body(32, HEX, s(24))),
    'slack-app-token': j('xa', 'pp-1-A', body(10, UPPER + DIGITS, s(25)), '-', body(13, DIGITS, s(26)), '-', body(64, HEX, s(27))),
    'slack-config-token': j('xoxe', '.xoxp-1-', body(164, UPPER + DIGITS, s(28))),
    'slack-legacy-token': j('xo', 'xa-2-', body(30, ALNUM, s(29))),
    'slack-webhook-url': j('https://hooks.', 'slack.com/services/T', body(8, UPPER + DIGITS, s(30)), '/B', body(10, UPPER + DIGITS, s(31)), '/', body(24, ALNUM, s(32))),
    'stripe-secret-key': j('sk', '_live_', body(24, ALNUM, s(33))),
    'google-api-key': j('AI', 'za', body(35, ALNUM + '-_', s(34))),
    'openai-api-key': j('sk-', 'proj-', body(58, ALNUM + '-_', s(35)), 'T3Blbk', 'FJ', body(58, ALNUM + '-_', s(36))),
    'anthropic-api-key': j('sk-', 'ant-', 'api03-', body(93, ALNUM + '-_', s(37)), 'AA'),
    'private-key': privateKey(seed),
  };
}

export function privateKey(seed = 1): string {
  const b64 = ALNUM + '+/';
  const lines = [1, 2, 3, 4].map((n) => body(64, b64, seed * 100 + n));
  return [j('-----BEGIN RSA ', 'PRIVATE KEY-----'), ...lines, j('-----END RSA ', 'PRIVATE KEY-----')].join('\n');
}

/** A classic GitHub token, the most common leak. */
export const githubToken = (seed = 1): string => fakes(seed)['github-pat']!;
