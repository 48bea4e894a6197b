import { fail, ok, type Check } from '../types.js';
import { MIN_NODE, atLeast, parseVersion } from '../version.js';

export const nodeVersion: Check = () => {
  const v = parseVersion(process.versions.node)!;
  const text = `v${process.versions.node}`;
  return atLeast(v, MIN_NODE)
    ? [ok('node', text)]
    : [fail('node', `${text} is older than flowgate needs (20.17)`, 'install Node.js 20.17 or later (nvm install 20, or from nodejs.org)')];
};
