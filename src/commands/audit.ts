/**
 * `flow audit [--json]`: the repository's secrets reviewed. Every commit of every ref and the
 * work tree (tracked and untracked, not ignored) scanned with the pre-commit rules; with a token,
 * the GitHub Actions secrets and their age, and the open Dependabot and code-scanning alerts.
 * Exit 1 when anything is found, 2 when something could not be checked.
 */
import { relative } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { FlowgateConfig } from '../config/types.js';
import { secretScanOff } from '../core/hook-guards.js';
import type { SecretFinding } from '../core/secrets/scan.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_RULE, errorMessage } from '../errors.js';
import { Repo } from '../git/repo.js';
import { SKIPPED_NOTE, allowAdvice, formatFinding, formatSkipped } from '../secrets/report.js';
import { scanHistory, scanWorkTree, type ScanReport, type SkippedFile } from '../secrets/scan.js';
import type { ForgeAudit } from '../secrets/forge.js';
import { error as printError, info, json, paint, result, sanitize, warn } from '../ui/output.js';
import { cwdOption } from './options.js';

export interface AuditOptions {
  json: boolean;
  cwd: string;
}

/** What audit needs from outside: injectable for tests. */
export interface AuditDeps {
  /** the forge's side (Actions secrets, alerts), or undefined when there is none to ask; `note` says why not */
  auditForge(root: string, config: FlowgateConfig, note: (message: string) => void): Promise<ForgeAudit | undefined>;
}

export function readOptions(raw: Record<string, unknown>): AuditOptions {
  return { json: Boolean(raw.json), cwd: cwdOption(raw) };
}

const defaultDeps: AuditDeps = {
  async auditForge(root, config, note) {
    const { auditForge } = await import('../secrets/forge.js');
    return auditForge(root, config, note);
  },
};

const out = (color: Parameters<typeof paint>[0], text: string) => paint(color, text, process.stdout);

function section(title: string, findings: SecretFinding[], skipped: SkippedFile[]): string[] {
  const lines = [title];
  if (findings.length === 0) lines.push(`  ${out('green', '✔')} no secrets found`);
  for (const f of findings) lines.push(`  ${out('red', '✖')} ${formatFinding(f)}`);
  if (skipped.length) lines.push(`  ${SKIPPED_NOTE}: ${skipped.map(formatSkipped).join(', ')}`);
  return lines;
}

function forgeLines(f: ForgeAudit): string[] {
  const lines = [`GitHub Actions secrets of ${f.repo} (flagged when not updated for more than ${f.maxAgeDays} days):`];
  if (f.actionsSecrets.length === 0) lines.push('  none');
  const width = Math.max(0, ...f.actionsSecrets.map((s) => s.name.length));
  for (const s of f.actionsSecrets) {
    const when = s.updatedAt ? `updated ${s.updatedAt.slice(0, 10)} (${s.ageDays === 1 ? '1 day' : `${s.ageDays} days`} ago)` : 'update date unknown';
    lines.push(`  ${s.stale ? out('red', '✖') : out('green', '✔')} ${sanitize(s.name).padEnd(width)}  ${when}${s.stale ? ': rotate it' : ''}`);
  }
  const count = (n: number | null) => (n === null ? 'not enabled' : n === 0 ? out('green', '0') : out('red', String(n)));
  lines.push(`Open Dependabot alerts: ${count(f.dependabotAlerts)}`);
  lines.push(`Open code-scanning alerts: ${count(f.codeScanningAlerts)}`);
  return lines;
}

export async function audit(options: AuditOptions, deps: AuditDeps = defaultDeps): Promise<number> {
  const repo = await Repo.open(options.cwd);
  const topLevel = repo.root;
  const { config, dir, file } = await loadConfig(options.cwd);
  const allow = config.secrets.allow;
  const notes: string[] = [];
  // audit scans whatever the config says; it still tells when the commit-time scan is off
  const off = secretScanOff(config, file && relative(dir, file));
  if (off) notes.push(`${off.detail}; to turn it back on, ${off.fix}.`);
  const errors: string[] = [];

  // git log leaves out commits that add nothing: count them all separately.
  const commits = Number((await repo.maybe(['rev-list', '--count', '--no-merges', '--all'])) ?? 0);
  const history: ScanReport = commits > 0 ? { ...(await scanHistory(['--all'], topLevel, allow)), commits } : { findings: [], skipped: [], files: 0, commits: 0 };
  const workTree = scanWorkTree(topLevel, allow);

  let forge: ForgeAudit | undefined;
  try {
    forge = await deps.auditForge(topLevel, config, (m) => notes.push(m));
  } catch (e) {
    errors.push(errorMessage(e));
  }

  const stale = forge?.actionsSecrets.filter((s) => s.stale).length ?? 0;
  const problems = history.findings.length + workTree.findings.length + stale + (forge?.dependabotAlerts ?? 0) + (forge?.codeScanningAlerts ?? 0);

  if (options.json) {
    json({
      ok: problems === 0 && errors.length === 0,
      problems,
      history: { commits: history.commits, findings: history.findings, skipped: history.skipped },
      workTree: { files: workTree.files, findings: workTree.findings, skipped: workTree.skipped },
      forge: forge ?? null,
      notes,
      errors,
    });
  } else {
    const lines = [
      ...section(`History (${history.commits} commit${history.commits === 1 ? '' : 's'} on every branch and tag, merges aside):`, history.findings, history.skipped),
      ...section(`Work tree (${workTree.files} file${workTree.files === 1 ? '' : 's'}, tracked and untracked):`, workTree.findings, workTree.skipped),
      ...(forge ? forgeLines(forge) : []),
    ];
    result(lines.join('\n'));
    for (const n of notes) warn(n);
    const leaks = [...history.findings, ...workTree.findings];
    if (leaks.length) {
      info(['A secret that reached a commit is in the history for good: revoke it at its issuer, then remove it from the files.', ...allowAdvice(leaks)].join('\n'));
    }
    if (errors.length === 0) {
      const summary = problems === 0 ? 'flowgate audit: nothing found.' : `flowgate audit: ${problems} problem${problems === 1 ? '' : 's'} found.`;
      info(problems === 0 ? paint('green', summary) : paint('red', summary));
    }
  }
  for (const e of errors) printError(e);
  if (errors.length) return EXIT_FAILURE;
  return problems === 0 ? EXIT_OK : EXIT_RULE;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  return audit(readOptions(options));
}
