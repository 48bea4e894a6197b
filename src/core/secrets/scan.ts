/**
 * Matching the rules against text: pure, no git, no files. A chunk is a run of lines that start
 * at a known line number (a hunk's added lines, or a whole file). The secret itself never
 * leaves this module: a finding carries its masked form and a one-way fingerprint only.
 */
import picomatch from 'picomatch';
import { RULES, type SecretRule } from './rules.js';

export interface SecretFinding {
  rule: string;
  description: string;
  /** repository path (the new path of a rename) */
  path: string;
  line: number;
  column: number;
  /** the first characters at most, the rest starred */
  masked: string;
  /** stable id for `secrets.allow.fingerprints`: a truncated SHA-256, not the value */
  fingerprint: string;
  /** the commit that added it (history scans) */
  commit?: string;
  /** the variable whose value was found (.env files) */
  key?: string;
}

export interface SecretAllowList {
  paths: string[];
  rules: string[];
  fingerprints: string[];
}

/** A line holding one of these is allowed: ours, gitleaks' and detect-secrets' spellings. */
const INLINE_ALLOW = /flowgate-allow-secret|gitleaks:allow|pragma: allowlist secret/;

/** Files larger than this are not read (their size is asked first) and are listed as skipped. */
export const MAX_SCAN_BYTES = 2 * 1024 * 1024;

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** At most the first 4 characters (none for short values), the rest as stars. */
export function mask(value: string): string {
  const shown = value.length >= 12 ? 4 : 0;
  return value.slice(0, shown) + '*'.repeat(Math.min(Math.max(value.length - shown, 4), 32));
}

export function fingerprintOf(rule: string, value: string): string {
  // node:crypto on first use: the pre-commit hook loads this module on every Node start, and a finding is rare
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(`${rule}\0${value}`).digest('hex').slice(0, 16);
}

export function isDotenvPath(path: string): boolean {
  return RULES.find((r) => r.id === 'dotenv')!.paths!.pattern.test(path);
}

/** `"a b"` / `'a b'` / `a # comment` → the value a shell would assign. */
function dotenvValue(raw: string): string {
  const quoted = /^(["'`])(.*)\1/.exec(raw);
  if (quoted) return quoted[2]!;
  return raw.replace(/\s+#.*$/, '').trim();
}

const REFERENCE = /^\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)$/;

interface Hit {
  rule: SecretRule;
  value: string;
  key?: string;
  start: number;
  end: number;
}

function* hitsOf(rule: SecretRule, text: string): Generator<Hit> {
  for (const m of text.matchAll(rule.pattern)) {
    const start = m.index;
    if (rule.id === 'dotenv') {
      const value = dotenvValue(m[2] ?? '');
      if (!value || REFERENCE.test(value)) continue;
      yield { rule, value, key: m[1], start, end: start + m[0].length };
      continue;
    }
    const value = m[1] ?? m[0];
    if (rule.entropy !== undefined && entropy(value) < rule.entropy) continue;
    if (rule.examples?.test(value)) continue;
    const at = start + m[0].indexOf(value);
    yield { rule, value, start: at, end: at + value.length };
  }
}

export interface ChunkOptions {
  path: string;
  /** line number of the chunk's first line */
  startLine?: number;
  commit?: string;
}

/** Findings in one chunk, before the allow-list (inline allow comments are applied here). */
export function scanChunk(text: string, opts: ChunkOptions): SecretFinding[] {
  const lower = text.toLowerCase();
  const hits: Hit[] = [];
  for (const rule of RULES) {
    if (rule.paths ? !rule.paths.pattern.test(opts.path) : !rule.keywords.some((k) => lower.includes(k))) continue;
    for (const hit of hitsOf(rule, text)) hits.push(hit);
  }
  if (hits.length === 0) return [];
  // One finding per span: the first rule in RULES order (the more specific) wins an overlap.
  const order = new Map(RULES.map((r, i) => [r, i]));
  hits.sort((a, b) => a.start - b.start || order.get(a.rule)! - order.get(b.rule)!);
  const kept: Hit[] = [];
  for (const h of hits) {
    const prev = kept[kept.length - 1];
    if (prev && h.start < prev.end) continue;
    kept.push(h);
  }
  const startLine = opts.startLine ?? 1;
  const out: SecretFinding[] = [];
  for (const h of kept) {
    const lineStart = text.lastIndexOf('\n', h.start - 1) + 1;
    const nextBreak = text.indexOf('\n', h.end);
    const spanned = text.slice(lineStart, nextBreak === -1 ? text.length : nextBreak);
    if (INLINE_ALLOW.test(spanned)) continue;
    let line = startLine;
    for (let i = text.indexOf('\n'); i !== -1 && i < h.start; i = text.indexOf('\n', i + 1)) line++;
    out.push({
      rule: h.rule.id,
      description: h.key ? `value of ${h.key} in a .env file` : h.rule.description,
      path: opts.path,
      line,
      column: h.start - lineStart + 1,
      masked: mask(h.value),
      // a .env value is often short: hash where it is, not what it is
      fingerprint: h.key ? fingerprintOf(h.rule.id, `${opts.path}\0${h.key}`) : fingerprintOf(h.rule.id, h.value),
      ...(opts.commit ? { commit: opts.commit } : {}),
      ...(h.key ? { key: h.key } : {}),
    });
  }
  return out;
}

export interface AllowMatcher {
  /** the whole path is allowed: it need not be read */
  path(path: string): boolean;
  /** the finding is allowed by rule id, fingerprint or path */
  finding(f: Pick<SecretFinding, 'rule' | 'path' | 'fingerprint'>): boolean;
}

/** The config's allow-list (`secrets.allow`) as predicates. Path globs without a slash match the file name anywhere, as in .gitignore. */
export function allowMatcher(allow: SecretAllowList): AllowMatcher {
  // picomatch's `basename` option would also apply to globs with a slash: split them.
  const nested = allow.paths.filter((g) => g.includes('/'));
  const bare = allow.paths.filter((g) => !g.includes('/'));
  const inTree = nested.length ? picomatch(nested, { dot: true }) : () => false;
  const byName = bare.length ? picomatch(bare, { dot: true, basename: true }) : () => false;
  const paths = (p: string) => inTree(p) || byName(p);
  const rules = new Set(allow.rules);
  const fingerprints = new Set(allow.fingerprints.map((f) => f.toLowerCase()));
  return {
    path: (p) => paths(p),
    finding: (f) => rules.has(f.rule) || fingerprints.has(f.fingerprint) || paths(f.path),
  };
}
