// How the hooks are bundled (scripts/build.js), and the checks a bundle must pass.
//
// Each hook is built on its own with its whole closure: what runs on every commit is one file,
// and what only some paths need (zod for a config file, the prompt) is a chunk that its
// dynamic import() loads. One build per hook keeps chunks shared between hooks out of the
// entry files; within a build, esbuild's code splitting puts every module in exactly one file,
// so a hook process runs one copy of each (`instanceof FlowError` holds across chunks).

/** Packages too heavy (or too rarely needed) for the bundle: they load from node_modules, lazily. */
export const HOOK_EXTERNALS = ['lint-staged', '@commitlint/load', 'jiti', '@inquirer/*', '@octokit/*', 'simple-git', 'commander', 'typescript', 'zod'];

/**
 * @commitlint/is-ignored calls only `semver.valid`; the whole of semver (ranges, comparators and
 * forty-odd functions, all evaluated at load) would cost every commit its start-up.
 * @type {import('esbuild').Plugin}
 */
const semverValidOnly = {
  name: 'semver-valid-only',
  setup(b) {
    b.onResolve({ filter: /^semver$/ }, (args) => (/[\\/]@commitlint[\\/]is-ignored[\\/]/.test(args.importer) ? { path: 'semver', namespace: 'semver-valid', pluginData: args.resolveDir } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'semver-valid' }, (args) => ({
      contents: "import valid from 'semver/functions/valid.js'; export default { valid };",
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

/**
 * esbuild options for one hook's bundle: src/hooks/entry/<hook>.ts → <outdir>/<hook>.js (+ chunks/).
 * @param {string} hook
 * @param {string} outdir
 * @returns {import('esbuild').BuildOptions & { metafile: true }}
 */
export function hookBuildOptions(hook, outdir) {
  return {
    entryPoints: { [hook]: `src/hooks/entry/${hook}.ts` },
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    metafile: true,
    external: HOOK_EXTERNALS,
    plugins: [semverValidOnly],
    // Bundled CommonJS packages call require().
    banner: { js: "import { createRequire as __flowgateRequire } from 'node:module'; const require = __flowgateRequire(import.meta.url);" },
    logLevel: 'warning',
  };
}

const isPackage = (path, pattern) => (pattern.endsWith('/*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern || path.startsWith(`${pattern}/`));

/**
 * What is wrong with one hook's bundle, from esbuild's metafile: a module in two files (two
 * copies at run time), a file of ours loaded from outside the bundle, or a heavy package that
 * the entry imports statically (it must load only on the path that needs it). Empty when sound.
 */
/**
 * @param {import('esbuild').Metafile} metafile
 * @param {string[]} [externals]
 * @returns {string[]}
 */
export function bundleProblems(metafile, externals = HOOK_EXTERNALS) {
  const problems = [];
  const outputs = metafile.outputs;
  const where = new Map();
  for (const [out, { inputs }] of Object.entries(outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
      if (bytesInOutput === 0) continue;
      if (where.has(input)) problems.push(`${input} is bundled twice (${where.get(input)} and ${out}): a hook would run two copies of it.`);
      else where.set(input, out);
    }
    for (const { path, external } of outputs[out].imports) {
      if (!external || path.startsWith('node:')) continue;
      if (path.startsWith('.') || path.startsWith('/')) problems.push(`${out} imports ${path} from outside the bundle: a hook would load a second copy of our modules.`);
    }
  }
  const imported = new Set(Object.values(outputs).flatMap((o) => o.imports.filter((i) => !i.external).map((i) => i.path)));
  for (const out of Object.keys(outputs)) {
    if (imported.has(out)) continue;
    // what loading the hook's entry loads at once: its static imports, transitively
    const seen = new Set([out]);
    const queue = [out];
    while (queue.length) {
      const file = queue.shift();
      for (const { path, kind, external } of outputs[file].imports) {
        if (kind !== 'import-statement') continue;
        if (external) {
          const via = file === out ? '' : ` (which ${out} loads at once)`;
          if (externals.some((p) => isPackage(path, p))) problems.push(`${file}${via} imports ${path} statically: heavy packages load only on the path that needs them (import() it).`);
        } else if (!seen.has(path)) {
          seen.add(path);
          queue.push(path);
        }
      }
    }
  }
  return problems;
}
