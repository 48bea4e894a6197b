/**
 * Secrets never reach output. Known token values are registered as they are read;
 * credentials embedded in URLs and common token shapes are masked whatever their source.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

const TOKEN_SHAPES = [
  /\b(gh[pousr]_[A-Za-z0-9]{20,})\b/g,
  /\b(github_pat_[A-Za-z0-9_]{20,})\b/g,
  /\b(glpat-[A-Za-z0-9_-]{20,})\b/g,
];

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  // https://user:password@host → https://***@host
  out = out.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+(:[^/@\s]*)?@/gi, '$1***@');
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, '***');
  return out;
}
