import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { clearConfigCache } from '../../src/config/load.js';
import { doctorContext } from '../../src/doctor/context.js';
import type { Check, CheckResult, DoctorContext } from '../../src/doctor/types.js';
import { CLI, sandbox, type Sandbox } from './repo.js';

/** A sandbox with package.json, node_modules/.bin/flowgate → this build, and the hooks installed. */
export function doctorBox(opts: { install?: boolean } = {}): Sandbox {
  const box = sandbox({ remote: false });
  box.write('package.json', JSON.stringify({ name: 'x', private: true, devDependencies: { flowgate: '*' } }));
  mkdirSync(join(box.dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI, join(box.dir, 'node_modules', '.bin', 'flowgate'));
  if (opts.install !== false) {
    const r = box.flow(['install']);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return box;
}

export function context(box: Sandbox, cwd = box.dir): DoctorContext {
  return doctorContext(cwd, box.env);
}

/** Run a check that reads the config, alone, with the config read anew (tests rewrite it between runs). */
export async function runFresh(check: Check, box: Sandbox): Promise<CheckResult[]> {
  clearConfigCache();
  return check(context(box));
}

export async function runCheck(check: Check, box: Sandbox, cwd = box.dir): Promise<CheckResult[]> {
  return check(context(box, cwd));
}

export async function statusOf(check: Check, box: Sandbox, cwd = box.dir): Promise<string> {
  return (await runCheck(check, box, cwd)).map((r) => r.status).join(',');
}
