/** How findings read, the same in the hook, flow check and flow audit. Values are always masked. */
import type { SecretFinding } from '../core/secrets/scan.js';
import { MAX_SCAN_BYTES } from '../core/secrets/scan.js';
import { sanitize } from '../ui/output.js';
import type { SkippedFile } from './scan.js';

export function where(f: Pick<SecretFinding, 'path' | 'line' | 'column' | 'commit'>): string {
  return `${f.commit ? `${f.commit.slice(0, 8)} ` : ''}${sanitize(f.path)}:${f.line}:${f.column}`;
}

/** `src/app.ts:3:15  github-pat  ghp_****…  GitHub personal access token (fingerprint 0123456789abcdef)` */
export function formatFinding(f: SecretFinding): string {
  const value = f.key ? `${sanitize(f.key)}=${f.masked}` : f.masked;
  return `${where(f)}  ${f.rule}  ${value}  ${f.description} (fingerprint ${f.fingerprint})`;
}

export function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export function formatSkipped(s: SkippedFile): string {
  return `${s.commit ? `${s.commit.slice(0, 8)} ` : ''}${sanitize(s.path)} (${size(s.bytes)})`;
}

export const SKIPPED_NOTE = `not scanned, larger than ${size(MAX_SCAN_BYTES)}`;

/** The way out of a false positive, with the finding's own fingerprint. */
export function allowAdvice(findings: SecretFinding[]): string[] {
  const fps = [...new Set(findings.map((f) => f.fingerprint))].slice(0, 3);
  return [
    '  Not a secret (a test fixture, an example)? Put `flowgate-allow-secret` in a comment on that line,',
    '  or allow it in the flowgate config (package.json "flowgate" or flowgate.config.*):',
    `    "secrets": { "allow": { "fingerprints": [${fps.map((f) => `"${f}"`).join(', ')}] } }`,
    '    (or by path: "paths": ["test/fixtures/**"], or by rule: "rules": ["<rule id>"])',
  ];
}
