/**
 * Where a forge token comes from, in order: the environment, `gh auth token` (GitHub), then the
 * git credential helper for the host. Nothing here prompts, nothing waits for long, and a token
 * is never put in a child's argv nor printed: each one found is registered with redact().
 */
import { spawnSync } from 'node:child_process';
import { registerSecret } from '../core/redact.js';
import type { RemoteInfo } from './types.js';

export interface TokenSource {
  token: string;
  /** where it came from, for doctor and messages (never the token itself) */
  source: string;
}

export interface RunResult {
  status: number | null;
  stdout: string;
}

/** Runs a program with an argument array, stdin text and a timeout (ms); injectable for tests. */
export type Runner = (cmd: string, args: string[], opts: { input?: string; timeout: number; env: NodeJS.ProcessEnv; cwd?: string }) => RunResult;

export const defaultRunner: Runner = (cmd, args, opts) => {
  const r = spawnSync(cmd, args, {
    input: opts.input,
    env: opts.env,
    cwd: opts.cwd,
    timeout: opts.timeout,
    killSignal: 'SIGKILL',
    encoding: 'utf8',
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  if (r.error) return { status: null, stdout: '' };
  return { status: r.status, stdout: r.stdout ?? '' };
};

/** `env` for a child that must never prompt: no terminal, no askpass program, no credential-manager window. */
export function promptFree(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', GCM_INTERACTIVE: 'never', GH_PROMPT_DISABLED: '1', GH_NO_UPDATE_NOTIFIER: '1' };
}

/** Environment variables holding a token, by provider and host, in order. */
export function tokenVariables(remote: Pick<RemoteInfo, 'provider' | 'host'>): string[] {
  if (remote.provider === 'gitlab') return ['GITLAB_TOKEN'];
  const names = ['GITHUB_TOKEN', 'GH_TOKEN'];
  if (remote.host !== 'github.com') names.push('GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN');
  return names;
}

/** Parse `git credential fill` output (`key=value` lines); the password is the token. */
export function parseCredential(output: string): string | undefined {
  for (const line of output.split('\n')) {
    if (line.startsWith('password=')) {
      const value = line.slice('password='.length).replace(/\r$/, '');
      return value || undefined;
    }
  }
  return undefined;
}

export async function findTokenSource(
  remote: Pick<RemoteInfo, 'provider' | 'host'> & { webUrl?: string },
  deps: { env?: NodeJS.ProcessEnv; run?: Runner; cwd?: string } = {},
): Promise<TokenSource | undefined> {
  const env = deps.env ?? process.env;
  const run = deps.run ?? defaultRunner;
  const found = (token: string | undefined, source: string): TokenSource | undefined => {
    const value = token?.trim();
    if (!value) return undefined;
    registerSecret(value);
    return { token: value, source };
  };

  for (const name of tokenVariables(remote)) {
    const hit = found(env[name], name);
    if (hit) return hit;
  }

  const quiet = promptFree(env);

  if (remote.provider === 'github') {
    const gh = run('gh', ['auth', 'token', '--hostname', remote.host], { timeout: 3000, env: quiet, cwd: deps.cwd });
    if (gh.status === 0) {
      const hit = found(gh.stdout.split('\n')[0], 'gh auth token');
      if (hit) return hit;
    }
  }

  const cred = run('git', ['credential', 'fill'], {
    input: `protocol=${remote.webUrl?.startsWith('http://') ? 'http' : 'https'}\nhost=${remote.host}\n\n`,
    timeout: 5000,
    env: quiet,
    cwd: deps.cwd,
  });
  if (cred.status === 0) {
    const hit = found(parseCredential(cred.stdout), 'git credential helper');
    if (hit) return hit;
  }
  return undefined;
}
