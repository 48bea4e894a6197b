import type { FlowgateConfig } from '../config/types.js';
import { errorMessage } from '../errors.js';
import { withProgress } from '../ui/progress.js';
import type { Forge, RemoteInfo } from '../forge/types.js';

/**
 * Optional forge look-ups for start and status (issue titles, the PR and its checks). The forge
 * module loads only here, and only when a remote is known; every failure is "nothing known",
 * reported through `onError`, never a crash.
 */

export interface ForgeConnection {
  forge: Forge;
  remote: RemoteInfo;
}

export const LOOKUP_TIMEOUT_MS = 15_000;

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The forge for origin when it is known and a token is available; undefined otherwise. */
export async function connectForge(
  cwd: string,
  config: FlowgateConfig,
  onError: (message: string) => void = () => {},
): Promise<ForgeConnection | undefined> {
  try {
    const mod = await import('../forge/index.js');
    const remote = mod.resolveRemote(cwd, config);
    if (!remote) return undefined;
    const found = await withTimeout(mod.findTokenSource(remote, { cwd }), LOOKUP_TIMEOUT_MS, 'looking for a token');
    if (!found) return undefined;
    return { forge: await mod.createForge(remote, found.token), remote };
  } catch (error) {
    onError(errorMessage(error));
    return undefined;
  }
}

/** The issue's title from the forge, or undefined (no remote, no token, not found, offline…). */
export async function issueTitle(cwd: string, config: FlowgateConfig, issue: string, onError?: (message: string) => void): Promise<string | undefined> {
  const connection = await connectForge(cwd, config, onError);
  if (!connection) return undefined;
  try {
    const title = await withProgress(`reading issue ${issue}`, () => withTimeout(connection.forge.issueTitle(issue), LOOKUP_TIMEOUT_MS, 'reading the issue title'));
    return title?.trim() || undefined;
  } catch (error) {
    onError?.(errorMessage(error));
    return undefined;
  }
}
