/**
 * Change package.json's top-level `version` in place, keeping every other byte (indent, key
 * order, trailing newline). Pure. Undefined when there is no top-level string `version`.
 */
export function setPackageVersion(text: string, version: string): string | undefined {
  let depth = 0;
  let i = 0;
  const n = text.length;
  const readString = (from: number): number => {
    // `from` is at the opening quote; return the index after the closing quote
    let j = from + 1;
    while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  };
  while (i < n) {
    const ch = text[i];
    if (ch === '"') {
      const end = readString(i);
      if (depth === 1 && text.slice(i, end) === '"version"') {
        let k = end;
        while (k < n && /\s/.test(text[k]!)) k++;
        if (text[k] === ':') {
          k++;
          while (k < n && /\s/.test(text[k]!)) k++;
          if (text[k] === '"') {
            const valueEnd = readString(k);
            const out = text.slice(0, k) + JSON.stringify(version) + text.slice(valueEnd);
            return check(out, version);
          }
          return undefined;
        }
      }
      i = end;
      continue;
    }
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    i++;
  }
  return undefined;
}

function check(text: string, version: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { version?: unknown };
    return parsed.version === version ? text : undefined;
  } catch {
    return undefined;
  }
}
