import { errorMessage } from '../../errors.js';
import { gitRaw } from '../../git/exec.js';
import { fail, ok, warn, type Check } from '../types.js';
import { MIN_GIT, atLeast, parseVersion } from '../version.js';

export const gitVersion: Check = () => {
  let out: string;
  try {
    out = gitRaw(['--version']).stdout.trim();
  } catch (error) {
    return [fail('git', errorMessage(error), 'install git 2.9 or later and make sure it is on PATH')];
  }
  const v = parseVersion(out);
  if (!v) return [warn('git', `cannot read the version from '${out}'`)];
  const text = v.join('.');
  return atLeast(v, MIN_GIT) ? [ok('git', text)] : [fail('git', `${text} is too old for flowgate's hooks (git 2.9+)`, 'upgrade git')];
};
