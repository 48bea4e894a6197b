import { git } from '../git/exec.js';

/** A commit message as conventional-commits-parser reads it. */
export interface ParsedMessage {
  type: string | null;
  scope: string | null;
  subject: string | null;
  header: string | null;
  body: string | null;
  footer: string | null;
  merge: string | null;
  revert: Record<string, string | null> | null;
  notes: { title: string; text: string }[];
  references: {
    raw: string;
    action: string | null;
    owner: string | null;
    repository: string | null;
    issue: string;
    prefix: string;
  }[];
  mentions: string[];
}

/** A parsed commit message plus its hash. */
export interface ParsedCommit extends ParsedMessage {
  hash: string;
}

/** Split `git log -z --format=%H%n%B` output into hash and message. Pure. */
export function splitLog(output: string): { hash: string; message: string }[] {
  const out: { hash: string; message: string }[] = [];
  for (const record of output.split('\0')) {
    const text = record.replace(/^\n+/, '');
    if (!text.trim()) continue;
    const newline = text.indexOf('\n');
    const hash = (newline < 0 ? text : text.slice(0, newline)).trim();
    if (!/^[0-9a-f]{7,64}$/.test(hash)) continue;
    out.push({ hash, message: newline < 0 ? '' : text.slice(newline + 1) });
  }
  return out;
}

type Parse = (message: string) => ParsedMessage;

let parserPromise: Promise<Parse> | undefined;

/** The conventionalcommits preset's parser (lazily loaded). */
export function loadParser(): Promise<Parse> {
  parserPromise ??= (async () => {
    const [{ CommitParser }, { default: createPreset }] = await Promise.all([
      import('conventional-commits-parser'),
      import('conventional-changelog-conventionalcommits'),
    ]);
    const parser = new CommitParser(createPreset().parser);
    return (message: string) => parser.parse(message) as unknown as ParsedMessage;
  })();
  return parserPromise;
}

/** Parse one message; an empty or unparsable message becomes a commit with no type. */
export function parseWith(parse: Parse, hash: string, message: string): ParsedCommit {
  try {
    if (message.trim()) return { ...parse(message), hash };
  } catch {
    // fall through: a message the parser refuses still counts (as a patch)
  }
  const header = message.trim().split('\n')[0] ?? '';
  return {
    hash,
    type: null,
    scope: null,
    subject: null,
    header: header || null,
    body: null,
    footer: null,
    merge: null,
    revert: null,
    notes: [],
    references: [],
    mentions: [],
  };
}

/**
 * The non-merge commits reachable from `to` and not from `from` (all of `to`'s history when
 * `from` is undefined), newest first, parsed. One git call.
 */
export async function readCommits(cwd: string, from: string | undefined, to: string): Promise<ParsedCommit[]> {
  const range = from ? `${from}..${to}` : to;
  const output = git(['log', '-z', '--no-merges', '--format=%H%n%B', range, '--'], { cwd });
  const raw = splitLog(output);
  if (raw.length === 0) return [];
  const parse = await loadParser();
  return raw.map(({ hash, message }) => parseWith(parse, hash, message));
}
