/** Where a new section goes in CHANGELOG.md. Pure string work: the file's other content is kept byte for byte. */

export const CHANGELOG_TITLE = '# Changelog';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A release heading: `## 1.2.0`, `## [1.2.0](…)`, `# [1.2.0]`, `### v1.2.0 (date)`. */
const RELEASE_HEADING = /^#{1,3} \[?v?\d+\.\d+\.\d+/;

function headingOf(version: string): RegExp {
  return new RegExp(`^#{1,3} \\[?v?${escapeRegExp(version)}(?:[\\]\\s(]|$)`);
}

export interface PrependResult {
  text: string;
  /** true when a section for the same version was already there and was replaced */
  replaced: boolean;
  created: boolean;
}

/**
 * Put `section` (Markdown starting with its `## <version>` heading) into the changelog:
 * - no file → `# Changelog`, a blank line, the section;
 * - a section for the same version already there → replaced in place (never duplicated);
 * - else before the first release heading, or after the existing text when there is none.
 */
export function prependSection(existing: string | undefined, section: string, version: string): PrependResult {
  const body = section.trim() + '\n';
  if (existing === undefined || existing.trim() === '') {
    return { text: `${CHANGELOG_TITLE}\n\n${body}`, replaced: false, created: existing === undefined };
  }
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const lines = existing.split(/\r?\n/);
  const out = body.replace(/\n/g, eol);
  const same = headingOf(version);
  const start = lines.findIndex((line) => same.test(line));
  if (start >= 0) {
    let end = lines.findIndex((line, i) => i > start && RELEASE_HEADING.test(line));
    if (end < 0) end = lines.length;
    const before = start > 0 ? lines.slice(0, start).join(eol) + eol : '';
    const after = lines.slice(end).join(eol);
    const text = before + out + (after.trim() ? eol + after : '');
    return { text: text.endsWith(eol) ? text : text + eol, replaced: true, created: false };
  }
  const first = lines.findIndex((line) => RELEASE_HEADING.test(line));
  if (first >= 0) {
    const before = first > 0 ? lines.slice(0, first).join(eol) + eol : '';
    const after = lines.slice(first).join(eol);
    return { text: before + out + eol + after, replaced: false, created: false };
  }
  const trimmed = existing.replace(/(\r?\n)+$/, '');
  return { text: trimmed + eol + eol + out, replaced: false, created: false };
}

export interface SectionWrite extends PrependResult {
  version: string;
}

/**
 * The changelog after each section goes in, one after the other in the order given (oldest
 * first, so the newest ends on top); the last `text` is the file to write.
 */
export function prependSections(existing: string | undefined, sections: { markdown: string; version: string }[]): SectionWrite[] {
  const writes: SectionWrite[] = [];
  let text = existing;
  for (const s of sections) {
    const out = prependSection(text, s.markdown, s.version);
    writes.push({ ...out, version: s.version });
    text = out.text;
  }
  return writes;
}

/** What putting the section in does, in the words of a plan step (`done`: as a sentence once it ran). */
export function describeWrite(w: SectionWrite, name: string, done = false): string {
  if (w.replaced) return done ? `Replaced the ${w.version} section of ${name}.` : `replace the ${w.version} section of ${name}`;
  if (w.created) return done ? `Created ${name} with the ${w.version} section.` : `create ${name} with the ${w.version} section`;
  return done ? `Prepended the ${w.version} section to ${name}.` : `prepend the ${w.version} section to ${name}`;
}
