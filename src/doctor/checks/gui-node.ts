import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fail, ok, warn, type Check } from '../types.js';
import { MIN_NODE, atLeast, parseVersion } from '../version.js';

/** What a GUI git client (macOS apps, IDEs started from the dock) typically gives hooks. */
export const GUI_PATH = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin'].join(':');

/** The husky init script hooks source first: where a GUI client's PATH gets fixed. */
export function huskyInitScript(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME ?? '', '.config'), 'husky', 'init.sh');
}

/** The lines that make node reachable for hooks, for the node that runs doctor now. */
export function initScriptFix(env: NodeJS.ProcessEnv, nodePath = process.execPath): string {
  const file = huskyInitScript(env).replace(env.HOME ? env.HOME : '\0', '~');
  if (env.NVM_DIR || nodePath.includes(`${sep}.nvm${sep}`)) {
    return `add to ${file}: export NVM_DIR="$HOME/.nvm"; [ -s "$NVM_DIR/nvm.sh" ] && . "$NVM_DIR/nvm.sh"  (or: export PATH="${dirname(nodePath)}:$PATH")`;
  }
  return `add to ${file}: export PATH="${dirname(nodePath)}:$PATH"`;
}

export const guiNode: Check = (ctx) => {
  if (process.platform === 'win32') return [ok('node for GUI clients', 'not checked on Windows (Git for Windows hooks use its own PATH)')];
  const init = huskyInitScript(ctx.env);
  // A fixed script: the only data (the init script's path) goes in as $1, never into the text.
  const script = 'if [ -f "$1" ]; then . "$1" >/dev/null 2>&1; fi; command -v node && node --version';
  const env: NodeJS.ProcessEnv = { PATH: GUI_PATH, HOME: ctx.env.HOME ?? '' };
  if (ctx.env.XDG_CONFIG_HOME) env.XDG_CONFIG_HOME = ctx.env.XDG_CONFIG_HOME;
  const r = spawnSync('/bin/sh', ['-c', script, 'sh', init], { env, encoding: 'utf8', timeout: 10_000, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'ignore'] });
  const [where, version] = (r.stdout ?? '').split('\n').map((l) => l.trim());
  const via = existsSync(init) ? ` (with ${init.replace(ctx.env.HOME ? ctx.env.HOME : '\0', '~')})` : '';
  if (r.status !== 0 || !where) {
    return [fail('node for GUI clients', `node is not on the PATH a GUI git client gives hooks (${GUI_PATH})${via}, so hooks fail there`, initScriptFix(ctx.env))];
  }
  const v = version ? parseVersion(version) : undefined;
  if (v && !atLeast(v, MIN_NODE)) {
    return [warn('node for GUI clients', `hooks started by a GUI client would run ${where} ${version}${via}, older than flowgate needs (20.17)`, initScriptFix(ctx.env))];
  }
  return [ok('node for GUI clients', `${where}${version ? ` ${version}` : ''}${via}`)];
};

