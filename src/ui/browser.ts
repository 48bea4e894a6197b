import { spawn } from 'node:child_process';

/**
 * Open a URL in the user's browser, as gh does: $BROWSER when set, else the platform's opener
 * (open, xdg-open, explorer). The URL is one argument, never part of a shell string. False when
 * nothing could open it (no opener, no display, it failed): the caller then prints the URL.
 */
export async function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const command = opener(env);
  if (!command) return false;
  return new Promise((resolve) => {
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok);
    };
    const child = spawn(command, [url], { stdio: 'ignore', detached: true, env });
    child.on('error', () => done(false));
    child.on('exit', (code) => done(code === 0));
    // a browser that keeps running has opened the page
    const timer = setTimeout(() => {
      child.unref();
      done(true);
    }, 3000);
  });
}

function opener(env: NodeJS.ProcessEnv): string | undefined {
  if (env.BROWSER?.trim()) return env.BROWSER.trim();
  if (process.platform === 'darwin') return 'open';
  if (process.platform === 'win32') return 'explorer.exe';
  // Linux and the BSDs: only with a display to open it on
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return 'xdg-open';
}
