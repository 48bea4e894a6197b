// How the hooks are bundled (scripts/build.js), and the checks a bundle must pass.
//
// Each hook is built on its own with its whole closure into one CommonJS file,
// dist/hook/<hook>.cjs: one file holds one copy of every module of ours (`instanceof FlowError`
// holds), and Node's CommonJS loader starts it measurably sooner than the ESM loader would
// (docs/performance.md). What only some paths need stays lazy: our own modules behind import()
// are bundled but evaluated on first use, and heavy packages (zod, @commitlint/load, the prompt)
// load from node_modules through import().

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Packages too heavy (or too rarely needed) for the bundle: they load from node_modules, lazily. */
export const HOOK_EXTERNALS = ['lint-staged', '@commitlint/load', 'jiti', '@inquirer/*', '@octokit/*', 'simple-git', 'commander', 'typescript', 'zod'];

/**
 * @commitlint/is-ignored calls only `semver.valid`; semver itself (even semver/functions/valid,
 * which builds some forty regexes as it loads) would cost every commit its start-up. It gets
 * src/core/semver-valid.ts, which test/unit/semver-valid.test.ts holds to semver's answers.
 * @type {import('esbuild').Plugin}
 */
const semverValidOnly = {
  name: 'semver-valid-only',
  setup(b) {
    b.onResolve({ filter: /^semver$/ }, (args) => (/[\\/]@commitlint[\\/]is-ignored[\\/]/.test(args.importer) ? { path: 'semver', namespace: 'semver-valid' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'semver-valid' }, () => ({
      contents: "import { semverValid } from './semver-valid.ts'; export default { valid: semverValid };",
      resolveDir: fileURLToPath(new URL('../src/core', import.meta.url)),
      loader: 'js',
    }));
  },
};

/**
 * @commitlint/rules' trailer-exists rule is the only importer of node:child_process on the
 * commit-msg path; loading it (and the net and stream modules it brings) costs every commit
 * although the rule is off unless a config turns it on. It gets the module on first call.
 * @type {import('esbuild').Plugin}
 */
const lazyChildProcessForRules = {
  name: 'lazy-child-process-for-commitlint-rules',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (/[\\/]@commitlint[\\/]rules[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "export const spawnSync = (...args) => process.getBuiltinModule('node:child_process').spawnSync(...args);",
      loader: 'js',
    }));
  },
};

/** What a hook keeps of a conventional-changelog preset: its parser options, as createPreset builds them. */
export const PARSER_ONLY_PRESET = "import { createParserOpts } from './parser.js'; export default (config) => ({ parser: createParserOpts(config) });";

/**
 * Hooks read only a preset's parser options (our linter the conventionalcommits preset's,
 * @commitlint/parse the angular defaults under them); each preset's index also builds its
 * changelog writer and templates at load. The CLI (flow changelog) keeps the whole preset.
 * @type {import('esbuild').Plugin}
 */
const presetParserOnly = {
  name: 'preset-parser-only',
  setup(b) {
    const importers = {
      'conventional-changelog-conventionalcommits': /[\\/]src[\\/]lint[\\/]commitlint\.ts$/,
      'conventional-changelog-angular': /[\\/]@commitlint[\\/]parse[\\/]/,
    };
    b.onResolve({ filter: /^conventional-changelog-(conventionalcommits|angular)$/ }, async (args) => {
      if (args.pluginData === 'preset-parser-only' || !importers[args.path].test(args.importer)) return undefined;
      const index = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'preset-parser-only' });
      return index.errors.length ? { errors: index.errors } : { path: args.path, namespace: 'preset-parser-only', pluginData: dirname(index.path) };
    });
    b.onLoad({ filter: /.*/, namespace: 'preset-parser-only' }, (args) => ({ contents: PARSER_ONLY_PRESET, resolveDir: args.pluginData, loader: 'js' }));
  },
};

let validatorBuild;
/**
 * What a validated config that hooks cache (src/config/cache.ts) depends on: the config modules,
 * what the schema imports (the secret rules' ids), the error wording and zod's version. Any change
 * is a new validator, so nothing cached by an older one is served.
 */
function configValidatorBuild() {
  if (!validatorBuild) {
    const hash = createHash('sha256');
    const files = [...readdirSync('src/config').sort().map((f) => join('src/config', f)), 'src/core/secrets/rules.ts', 'src/errors.ts', 'node_modules/zod/package.json'];
    for (const f of files) hash.update(f).update(readFileSync(f));
    validatorBuild = hash.digest('hex').slice(0, 16);
  }
  return validatorBuild;
}

/**
 * esbuild options for one hook's bundle: src/hooks/entry/<hook>.ts → <outdir>/<hook>.cjs.
 * @param {string} hook
 * @param {string} outdir
 * @returns {import('esbuild').BuildOptions & { metafile: true }}
 */
export function hookBuildOptions(hook, outdir) {
  return {
    entryPoints: { [hook]: `src/hooks/entry/${hook}.ts` },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    metafile: true,
    external: HOOK_EXTERNALS,
    plugins: [semverValidOnly, lazyChildProcessForRules, presetParserOnly],
    // The few modules that resolve from their own location (jiti's parent) get this file's URL.
    define: { 'import.meta.url': '__flowgateFileUrl', __FLOWGATE_CONFIG_BUILD__: JSON.stringify(configValidatorBuild()) },
    // (hooks/h turns Node's compile cache on for the whole hook process with NODE_COMPILE_CACHE)
    banner: { js: 'var __flowgateFileUrl = require("node:url").pathToFileURL(__filename).href;' },
    // Run as `node <hook>.cjs <args>` by the dispatcher, or required by dist/cli.js (`flowgate hook …`).
    footer: { js: 'if (require.main === module) module.exports.run(process.argv.slice(2)).then((code) => { process.exitCode = code; });' },
    logLevel: 'warning',
  };
}

const isPackage = (path, pattern) => (pattern.endsWith('/*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern || path.startsWith(`${pattern}/`));

/**
 * What is wrong with one hook's bundle, from esbuild's metafile: more than one file (one file
 * holds one copy of each module), a file of ours loaded from outside the bundle (a second copy),
 * or a heavy package imported statically (it must load only on the path that needs it). Empty
 * when sound.
 * @param {import('esbuild').Metafile} metafile
 * @param {string[]} [externals]
 * @returns {string[]}
 */
export function bundleProblems(metafile, externals = HOOK_EXTERNALS) {
  const outputs = Object.keys(metafile.outputs);
  if (outputs.length !== 1) return [`the bundle is ${outputs.length} files (${outputs.join(', ')}), not one: a hook could run two copies of a module.`];
  const [out] = outputs;
  const problems = [];
  for (const { path, kind, external } of metafile.outputs[out].imports) {
    if (!external || path.startsWith('node:')) continue;
    if (path.startsWith('.') || path.startsWith('/')) problems.push(`${out} imports ${path} from outside the bundle: a hook would load a second copy of our modules.`);
    else if ((kind === 'import-statement' || kind === 'require-call') && externals.some((p) => isPackage(path, p))) {
      problems.push(`${out} imports ${path} statically: heavy packages load only on the path that needs them (import() it).`);
    }
  }
  return problems;
}
