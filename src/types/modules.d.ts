declare module 'conventional-changelog-conventionalcommits' {
  export default function createPreset(config?: Record<string, unknown>): {
    parser: Record<string, unknown>;
    writer: Record<string, unknown>;
    whatBump: (commits: unknown[]) => { level: number; reason: string } | null;
    commits: Record<string, unknown>;
  };
}
