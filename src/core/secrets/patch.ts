/**
 * A reader for the output of `git diff -U0 --full-index` and `git log -p -U0 --format=%x00%H`,
 * fed line by line: what each file gained (runs of added lines with their line numbers in the
 * new version), or that it is binary (then its new blob id, to be read with cat-file).
 */

export interface AddedRun {
  /** line number of the first line in the new version */
  start: number;
  lines: string[];
}

export interface FilePatch {
  /** the new path */
  path: string;
  /** the commit (history scans) */
  commit?: string;
  binary: boolean;
  /** the new blob (full id with --full-index) */
  newOid?: string;
  runs: AddedRun[];
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** git's C-style quoting of unusual paths (`"caf\303\251 \"x\""`) undone; plain text passes through. */
export function unquotePath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Split `"a/x" "b/y"` or `a/x b/x` (the `diff --git` header) into the new path, when it can be told. */
export function headerPath(rest: string): string | undefined {
  if (rest.startsWith('"') || rest.endsWith('"')) {
    const m = /^(?:"(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
    const b = m ? unquotePath(m[1]!) : undefined;
    return b?.startsWith('b/') ? b.slice(2) : undefined;
  }
  // `a/P b/P`: the same path twice (renames name their paths on `rename to` lines instead)
  const n = (rest.length - 5) / 2;
  if (Number.isInteger(n) && n > 0 && rest.startsWith('a/') && rest.slice(n + 2, n + 5) === ' b/' && rest.slice(2, n + 2) === rest.slice(n + 5)) {
    return rest.slice(n + 5);
  }
  const at = rest.lastIndexOf(' b/');
  return at === -1 ? undefined : rest.slice(at + 3);
}

export class PatchReader {
  private file: FilePatch | undefined;
  private inHunk = false;
  private next = 0;
  private run: AddedRun | undefined;
  private commit: string | undefined;
  commits = 0;

  constructor(private readonly emit: (file: FilePatch) => void) {}

  private flush(): void {
    if (this.file?.path) this.emit(this.file);
    this.file = undefined;
    this.inHunk = false;
    this.run = undefined;
  }

  line(l: string): void {
    if (l.charCodeAt(0) === 0) {
      this.flush();
      this.commit = l.slice(1).trim();
      this.commits++;
      return;
    }
    if (l.startsWith('diff --git ')) {
      this.flush();
      this.file = { path: headerPath(l.slice('diff --git '.length)) ?? '', binary: false, runs: [], ...(this.commit ? { commit: this.commit } : {}) };
      return;
    }
    const file = this.file;
    if (!file) return;
    if (l.startsWith('@@ ')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(l);
      this.inHunk = true;
      this.next = m ? Number(m[1]) : 1;
      this.run = undefined;
      return;
    }
    if (this.inHunk) {
      const c = l.charAt(0);
      if (c === '+') {
        if (!this.run || this.run.start + this.run.lines.length !== this.next) {
          this.run = { start: this.next, lines: [] };
          file.runs.push(this.run);
        }
        this.run.lines.push(l.slice(1));
        this.next++;
      } else if (c === ' ') {
        this.next++;
      }
      return;
    }
    if (l.startsWith('rename to ') || l.startsWith('copy to ')) file.path = unquotePath(l.slice(l.indexOf(' to ') + 4));
    else if (l.startsWith('+++ ')) {
      // git ends a path holding a space with a tab here, so patch(1) can tell where it ends
      const p = unquotePath(l.slice(4).replace(/\t$/, ''));
      if (p.startsWith('b/')) file.path = p.slice(2);
    } else if (l.startsWith('index ')) {
      const m = /^index [0-9a-f]+\.\.([0-9a-f]+)/.exec(l);
      if (m) file.newOid = m[1];
    } else if (l.startsWith('Binary files ')) file.binary = true;
  }

  end(): void {
    this.flush();
  }
}

/** Feed text that arrives in pieces (a child's stdout) to a line consumer; only `\n` ends a line. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; end(): void } {
  let rest = '';
  return {
    push(chunk) {
      const text = rest + chunk;
      let from = 0;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', from)) {
        onLine(text.slice(from, i));
        from = i + 1;
      }
      rest = text.slice(from);
    },
    end() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}
