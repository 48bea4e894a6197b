import picomatch from 'picomatch';

/** Protected-branch globs (`main`, `release/*`) matched against short branch names. */
export function protectedMatcher(globs: string[]): (branch: string) => boolean {
  const matchers = globs.map((g) => picomatch(g, { dot: true }));
  return (branch) => matchers.some((m) => m(branch));
}

/** Globs with no wildcard: the branches `flow protect` can address one by one. */
export function literalBranches(globs: string[]): string[] {
  return globs.filter((g) => !picomatch.scan(g).isGlob);
}

/** `refs/heads/main` → `main`; undefined for anything that is not a branch (tags, notes…). */
export function branchOfRef(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}
