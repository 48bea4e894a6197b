/** A parsed package.json: a JSON object, its fields unchecked. */
export type PackageJson = Record<string, unknown>;

/** package.json's text parsed: `data` when it is a JSON object, `error` when it is not JSON at all. */
export function parsePackageJson(text: string): { data?: PackageJson; error?: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error };
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? { data: value as PackageJson } : {};
}

/** The fields that make a package a dependency of the project (peerDependencies only ask for one). */
export const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'];

/** Whether the manifest lists `name` in one of `fields`. */
export function dependsOn(pkg: PackageJson | undefined, name: string, fields: readonly string[] = DEPENDENCY_FIELDS): boolean {
  return fields.some((k) => {
    const deps = pkg?.[k];
    return Boolean(deps && typeof deps === 'object' && name in deps);
  });
}
