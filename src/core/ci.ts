/** Whether this runs in CI: `CI` set to anything but '', '0' or 'false' (CI services set CI=true). */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}
