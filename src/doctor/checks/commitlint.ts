import { errorMessage } from '../../errors.js';
import { fail, ok, show, type Check } from '../types.js';

export const commitlint: Check = async (ctx) => {
  const { createLinter, findCommitlintConfig } = await import('../../lint/commitlint.js');
  const file = findCommitlintConfig(ctx.packageDir, ctx.repo?.topLevel);
  try {
    const lint = await createLinter(ctx.packageDir, { repoRoot: ctx.repo?.topLevel });
    await lint('chore: check the commitlint config');
  } catch (error) {
    const message = errorMessage(error);
    const missing = /Cannot find (?:module|package) ["']([^"']+)["']/.exec(message)?.[1];
    const fix = missing
      ? `npm install -D ${missing} (pnpm add -D ${missing}): pnpm and Yarn PnP do not expose flowgate's own copy`
      : 'fix the file; if it extends a shared config, install that as a devDependency';
    return [fail('commitlint config', message.replace(/; fix it or run `npx flow doctor`\.$/, '.'), fix)];
  }
  return [ok('commitlint config', file ? show(ctx, file) : 'none: @commitlint/config-conventional built in')];
};

