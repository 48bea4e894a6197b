/**
 * `flow audit`'s forge half: the repository's Actions secrets (names and last update, never a
 * value: the API has none to give) and the open Dependabot and code-scanning alert counts.
 * GitHub only, through the Octokit client of src/forge.
 */
import type { FlowgateConfig } from '../config/types.js';
import { FlowError } from '../errors.js';

export interface ActionsSecret {
  name: string;
  updatedAt: string;
  ageDays: number;
  /** not updated for longer than secrets.maxAgeDays */
  stale: boolean;
}

export interface ForgeAudit {
  provider: 'github';
  repo: string;
  maxAgeDays: number;
  actionsSecrets: ActionsSecret[];
  /** open alerts; null when the feature is off for the repository (then `notes` says so) */
  dependabotAlerts: number | null;
  codeScanningAlerts: number | null;
}

const DAY = 24 * 60 * 60 * 1000;

function ageOf(updatedAt: string, maxAgeDays: number, now = Date.now()): { ageDays: number; stale: boolean } {
  const t = Date.parse(updatedAt);
  const ageDays = Number.isFinite(t) ? Math.max(0, Math.floor((now - t) / DAY)) : Number.POSITIVE_INFINITY;
  return { ageDays, stale: ageDays > maxAgeDays };
}

/** A 403/404 that means "this repository does not have the feature on", not "you may not". */
const FEATURE_OFF = /disabled|not enabled|no analysis|must be enabled|not available|advanced security/i;

/**
 * The forge half, or undefined with a note when it cannot run here (no GitHub remote, no token).
 * Throws FlowError (one sentence) when the forge fails.
 */
export async function auditForge(cwd: string, config: FlowgateConfig, note: (message: string) => void): Promise<ForgeAudit | undefined> {
  const forge = await import('../forge/index.js');
  const { errorGuard, forgeName, messageOf, statusOf, tokenAdvice, toFlowError } = await import('../forge/errors.js');
  const remote = forge.resolveRemote(cwd, config);
  if (!remote && !forge.originUrl(cwd)) {
    note('there is no remote named origin, so Actions secrets and alerts were not checked.');
    return undefined;
  }
  if (!remote) {
    note('origin is not a GitHub repository flowgate recognises, so Actions secrets and alerts were not checked; set forge.provider and forge.repo in the flowgate config.');
    return undefined;
  }
  if (remote.provider !== 'github') {
    note(`Actions secrets and alerts are GitHub's; ${forgeName(remote)} was not checked.`);
    return undefined;
  }
  const token = await forge.findTokenSource(remote, { cwd });
  if (!token) {
    note(`no token for ${forgeName(remote)}, so Actions secrets and alerts were not checked; ${tokenAdvice(remote)}.`);
    return undefined;
  }
  const client = await forge.createForge(remote, token.token, token.source);
  if (!client.list) throw new FlowError(`This flowgate cannot list ${forgeName(remote)} resources; update flowgate.`);
  const list = client.list.bind(client);
  const { guard } = errorGuard(remote, token.source);
  const base = `/repos/${remote.repoPath.split('/').map(encodeURIComponent).join('/')}`;

  const raw = await guard(`list the Actions secrets of ${remote.repoPath}`, 'read access to Actions secrets (fine-grained token: "Secrets: read"; classic: the repo scope and admin rights)', () =>
    list(`${base}/actions/secrets`),
  );
  const actionsSecrets = (raw as { name?: string; updated_at?: string; created_at?: string }[])
    .map((s) => {
      const updatedAt = s.updated_at ?? s.created_at ?? '';
      return { name: String(s.name ?? '?'), updatedAt, ...ageOf(updatedAt, config.secrets.maxAgeDays) };
    })
    .sort((a, b) => b.ageDays - a.ageDays || a.name.localeCompare(b.name));

  /** An alert count, or null with a note when the feature is off. */
  const openAlerts = async (what: string, path: string, permission: string): Promise<number | null> => {
    try {
      return (await list(`${base}/${path}?state=open`)).length;
    } catch (error) {
      const status = statusOf(error);
      if ((status === 403 || status === 404) && FEATURE_OFF.test(messageOf(error))) {
        note(`${what} are not enabled for ${remote.repoPath} (${status}: ${messageOf(error)}); turn them on in the repository's security settings.`);
        return null;
      }
      throw toFlowError(error, { remote, action: `count the open ${what} of ${remote.repoPath}`, tokenSource: token.source, permission });
    }
  };
  const dependabotAlerts = await openAlerts('Dependabot alerts', 'dependabot/alerts', 'read access to Dependabot alerts (fine-grained token: "Dependabot alerts: read"; classic: the security_events or repo scope)');
  const codeScanningAlerts = await openAlerts('code-scanning alerts', 'code-scanning/alerts', 'read access to code-scanning alerts (fine-grained token: "Code scanning alerts: read"; classic: the security_events or repo scope)');
  return { provider: 'github', repo: remote.repoPath, maxAgeDays: config.secrets.maxAgeDays, actionsSecrets, dependabotAlerts, codeScanningAlerts };
}
