/**
 * The secret scan's effects: what git says was added (the index for pre-commit, a range of
 * commits for `flow check` and `flow audit`), the blobs of binary files read with cat-file when
 * small enough (their size is asked first), and the work tree for `flow audit`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowError } from '../errors.js';
import { PatchReader, lineSplitter, type FilePatch } from '../core/secrets/patch.js';
import { MAX_SCAN_BYTES, allowMatcher, scanChunk, type SecretAllowList, type SecretFinding } from '../core/secrets/scan.js';
import { git } from '../git/exec.js';

export interface SkippedFile {
  path: string;
  bytes: number;
  commit?: string;
}

export interface ScanReport {
  findings: SecretFinding[];
  /** files too large to read */
  skipped: SkippedFile[];
  /** files (or file versions) whose added content was scanned */
  files: number;
  /** commits read (history scans) */
  commits: number;
}

/** Options every git call of the scan takes: no pager, no colour, no external diff or textconv, large blobs treated as binary without being read. */
const GIT_CONFIG = ['-c', `core.bigFileThreshold=${MAX_SCAN_BYTES}`, '-c', 'core.quotePath=false'];
export const DIFF_OPTIONS = ['-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--full-index', '--src-prefix=a/', '--dst-prefix=b/', '-M', '--diff-filter=ACMRT'];

/** git's stdout line by line as it arrives; rejects with git's last stderr line when it fails. */
function streamGit(args: string[], cwd: string, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...GIT_CONFIG, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const splitter = lineSplitter(onLine);
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => splitter.push(c));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
    child.on('error', (e) => reject(new FlowError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'git was not found on PATH; install git or fix PATH.' : `git failed to start: ${e.message}`)));
    child.on('close', (code) => {
      splitter.end();
      if (code === 0) resolve();
      else reject(new FlowError(`git ${args[0]} failed: ${stderr.trim().split('\n').filter(Boolean).pop() ?? `exit ${code}`}`));
    });
  });
}

/** Sizes of blobs, one cat-file process. */
function blobSizes(oids: string[], cwd: string): Map<string, number> {
  const sizes = new Map<string, number>();
  if (!oids.length) return sizes;
  const out = git(['cat-file', '--batch-check=%(objectname) %(objectsize)'], { cwd, input: oids.join('\n') + '\n' });
  for (const line of out.split('\n')) {
    const [oid, size] = line.split(' ');
    if (oid && size && /^\d+$/.test(size)) sizes.set(oid, Number(size));
  }
  // A blob git cannot size is one the scan cannot vouch for: stop rather than let it through.
  const unknown = oids.find((oid) => !sizes.has(oid));
  if (unknown) throw new FlowError(`git cannot read the staged object ${unknown.slice(0, 12)}, so it could not be scanned for secrets; run \`git fsck\`, then commit again.`);
  return sizes;
}

/** Contents of (small) blobs, one cat-file process: `<oid> <type> <size>\n<bytes>\n` each. */
function blobContents(oids: string[], cwd: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!oids.length) return out;
  const r = spawnSync('git', ['cat-file', '--batch'], { cwd, input: oids.join('\n') + '\n', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'ignore'] });
  if (r.error || r.status !== 0) throw new FlowError(`git cat-file failed${r.error ? `: ${r.error.message}` : ''}; run the command again.`);
  const buf = r.stdout;
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(10, at);
    if (nl === -1) break;
    const [oid, type, size] = buf.subarray(at, nl).toString('latin1').split(' ');
    if (!oid || type === 'missing' || !size) {
      at = nl + 1;
      continue;
    }
    const n = Number(size);
    out.set(oid, buf.subarray(nl + 1, nl + 1 + n));
    at = nl + 1 + n + 1;
  }
  return out;
}

/** Text of a file's bytes for matching: tokens are ASCII, so a binary file is read byte for byte. */
function textOf(bytes: Buffer): string {
  const head = bytes.subarray(0, 8000);
  return head.includes(0) ? bytes.toString('latin1') : bytes.toString('utf8');
}

class Collector {
  findings: SecretFinding[] = [];
  skipped: SkippedFile[] = [];
  files = 0;
  private binaries: { path: string; oid: string; commit?: string }[] = [];
  readonly allowed;

  constructor(allow: SecretAllowList) {
    this.allowed = allowMatcher(allow);
  }

  add(found: SecretFinding[]): void {
    for (const f of found) if (!this.allowed.finding(f)) this.findings.push(f);
  }

  file(patch: FilePatch): void {
    if (this.allowed.path(patch.path)) return;
    if (patch.binary) {
      if (patch.newOid && !/^0+$/.test(patch.newOid)) this.binaries.push({ path: patch.path, oid: patch.newOid, ...(patch.commit ? { commit: patch.commit } : {}) });
      return;
    }
    this.files++;
    for (const run of patch.runs) {
      this.add(scanChunk(run.lines.join('\n'), { path: patch.path, startLine: run.start, commit: patch.commit }));
    }
  }

  /** Binary (or oversized) files: sizes first, then only the small ones are read. */
  readBinaries(cwd: string): void {
    if (!this.binaries.length) return;
    const sizes = blobSizes([...new Set(this.binaries.map((b) => b.oid))], cwd);
    const small = [...new Set(this.binaries.filter((b) => sizes.get(b.oid)! <= MAX_SCAN_BYTES).map((b) => b.oid))];
    const contents = blobContents(small, cwd);
    for (const b of this.binaries) {
      const size = sizes.get(b.oid)!;
      if (size > MAX_SCAN_BYTES) {
        this.skipped.push({ path: b.path, bytes: size, ...(b.commit ? { commit: b.commit } : {}) });
        continue;
      }
      const bytes = contents.get(b.oid);
      if (!bytes) throw new FlowError(`git did not return the staged file ${b.path}, so it could not be scanned for secrets; run \`git fsck\`, then commit again.`);
      this.files++;
      this.add(scanChunk(textOf(bytes), { path: b.path, commit: b.commit }));
    }
  }
}

async function scanPatches(args: string[], cwd: string, allow: SecretAllowList): Promise<ScanReport> {
  const collect = new Collector(allow);
  const reader = new PatchReader((f) => collect.file(f));
  await streamGit(args, cwd, (l) => reader.line(l));
  reader.end();
  collect.readBinaries(cwd);
  return { findings: collect.findings, skipped: collect.skipped, files: collect.files, commits: reader.commits };
}

/** What the index adds over HEAD (GIT_INDEX_FILE is honoured: `git commit -a` and partial commits use a temporary index). */
export function scanStaged(cwd: string, allow: SecretAllowList): Promise<ScanReport> {
  return scanPatches(['diff', '--cached', ...DIFF_OPTIONS], cwd, allow);
}

/**
 * What each non-merge commit in `revs` added (`A..B`, or `--all`). A secret added in several
 * commits is reported once, at the oldest.
 */
export async function scanHistory(revs: string[], cwd: string, allow: SecretAllowList): Promise<ScanReport> {
  const report = await scanPatches(['log', '--no-merges', '--no-show-signature', '--format=%x00%H', '-p', ...DIFF_OPTIONS, ...revs, '--'], cwd, allow);
  // git log lists the newest first: the last occurrence of a secret at a path is where it came in.
  const first = new Map<string, SecretFinding>();
  for (const f of report.findings) first.set(`${f.fingerprint}\0${f.path}`, f);
  return { ...report, findings: [...first.values()].reverse() };
}

/** Every tracked or untracked, not ignored file as it is on disk now. */
export function scanWorkTree(topLevel: string, allow: SecretAllowList): ScanReport {
  const collect = new Collector(allow);
  const listed = git(['-c', 'core.quotePath=false', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: topLevel });
  const paths = [...new Set(listed.split('\0').filter(Boolean))];
  for (const path of paths) {
    if (collect.allowed.path(path)) continue;
    let size: number;
    try {
      const st = lstatSync(join(topLevel, path));
      if (!st.isFile()) continue;
      size = st.size;
    } catch {
      continue; // deleted in the work tree
    }
    if (size > MAX_SCAN_BYTES) {
      collect.skipped.push({ path, bytes: size });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(topLevel, path));
    } catch {
      continue; // gone or unreadable since it was listed
    }
    collect.files++;
    collect.add(scanChunk(textOf(bytes), { path }));
  }
  return { findings: collect.findings, skipped: collect.skipped, files: collect.files, commits: 0 };
}
