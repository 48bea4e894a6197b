/**
 * Why a commit message was refused, in words for someone who has never heard of Conventional
 * Commits: the header quoted, each broken rule explained, the allowed types, one valid example.
 * Pure: commitlint's findings and rules in, lines of text out (the hook prints them).
 */

export interface Finding {
  name: string;
  message: string;
}

/** The usual types, shown when the commitlint config does not restrict them. */
const USUAL_TYPES = ['feat', 'fix', 'docs', 'refactor', 'test', 'chore'];
const FALLBACK_SUBJECT = 'add the login page';
/** A header that roughly has the shape (to mend it into an example)… */
const HEADER_SHAPE = /^\s*([A-Za-z][\w-]*)\s*(?:\(([^)]*)\))?\s*(!)?\s*:\s*(.*)$/;
/** …and the shape the conventional-commits parser reads (its headerPattern). */
const PARSED_SHAPE = /^(\w*)(?:\((.*)\))?!?: (.*)$/;

/** The types a commitlint config allows: its `type-enum` rule when on and `always`, else undefined. */
export function allowedTypes(rules: Record<string, unknown> | undefined): string[] | undefined {
  const rule = rules?.['type-enum'];
  if (!Array.isArray(rule)) return undefined;
  const [level, when, value] = rule as [unknown, unknown, unknown];
  if (typeof level !== 'number' || level < 1 || (when !== undefined && when !== 'always') || !Array.isArray(value)) return undefined;
  const types = value.filter((t): t is string => typeof t === 'string' && t !== '');
  return types.length ? types : undefined;
}

/** A subject the way config-conventional wants it: no full stop, not Sentence case (acronyms kept). */
function tidySubject(subject: string): string {
  const s = subject.trim().replace(/^[\s:;,.!-]+/, '').replace(/[\s.]+$/, '');
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

/**
 * Examples to offer, best first: the user's own header mended (their words with a valid type),
 * then a generic one. The caller keeps the first that its linter accepts.
 */
export function exampleCandidates(header: string, types?: string[]): string[] {
  const allowed = types ?? USUAL_TYPES;
  const fallbackType = allowed.includes('feat') ? 'feat' : allowed[0]!;
  const m = HEADER_SHAPE.exec(header);
  let type = fallbackType;
  let scope = '';
  let bang = '';
  let subject = header;
  if (m) {
    const given = m[1]!.toLowerCase();
    if (allowed.includes(given)) type = given;
    scope = m[2]?.trim().toLowerCase() ?? '';
    bang = m[3] ?? '';
    subject = m[4] ?? '';
  }
  subject = tidySubject(subject);
  const out: string[] = [];
  if (subject) out.push(`${type}${scope ? `(${scope})` : ''}${bang}: ${subject}`);
  out.push(`${fallbackType}: ${FALLBACK_SUBJECT}`, `${fallbackType}(app): ${FALLBACK_SUBJECT}`);
  return [...new Set(out)];
}

const number = (text: string, re: RegExp): string | undefined => re.exec(text)?.[1];

/** One broken rule as an instruction (undefined: commitlint's own message says it best). */
function plain(f: Finding, header: string): string | undefined {
  const m = PARSED_SHAPE.exec(header);
  switch (f.name) {
    case 'type-empty':
      return m ? 'Put a type before the colon (one from the list below).' : undefined;
    case 'subject-empty':
      return m ? `Say what the commit does after "${header.trim()} ".` : undefined;
    case 'type-enum':
      return `"${m?.[1] ?? header}" is not an allowed type: pick one from the list below.`;
    case 'type-case':
      return `Write the type in lower case: "${(m?.[1] ?? '').toLowerCase()}".`;
    case 'scope-case':
      return 'Write the scope (in parentheses) in lower case.';
    case 'subject-case':
      return 'Start the subject in lower case, not in capitals: "add login page", not "Add login page".';
    case 'subject-full-stop':
      return 'Drop the full stop at the end of the subject.';
    case 'header-max-length': {
      const max = number(f.message, /longer than (\d+)/);
      const now = number(f.message, /current length is (\d+)/);
      const detail = [now && `${now} characters`, max && `at most ${max}`].filter(Boolean).join(', ');
      return `Shorten the first line${detail ? ` (${detail})` : ''}; put the details in the body, after a blank line.`;
    }
    case 'header-trim':
      return 'Remove the spaces at the start or the end of the first line.';
    case 'body-leading-blank':
      return 'Leave an empty line between the first line and the body.';
    case 'footer-leading-blank':
      return 'Leave an empty line before the footer (Refs:, BREAKING CHANGE:).';
    case 'body-max-line-length':
    case 'footer-max-line-length': {
      const max = number(f.message, /longer than (\d+)/);
      return `Wrap the lines of the ${f.name.startsWith('body') ? 'body' : 'footer'}${max ? ` at ${max} characters` : ''}.`;
    }
    default:
      return undefined;
  }
}

/** What is wrong with a header the conventional parser cannot read at all. */
function shapeProblem(header: string): string {
  const m = HEADER_SHAPE.exec(header);
  if (!m) return 'The first line does not start with a type.';
  if ((m[4] ?? '').trim() === '') return `Say what the commit does after "${header.trim()} ".`;
  if (/:\S/.test(header) && !/:\s/.test(header)) return 'Put a space after the colon.';
  return 'Write the type, the (scope) and the colon with no spaces between them.';
}

export interface Explanation {
  /** the first line of the message, as judged */
  header: string;
  errors: Finding[];
  /** the config's allowed types, undefined when it does not restrict them */
  types?: string[];
  /** a message the linter accepts */
  example: string;
}

/** The lines of a refusal, from "You wrote" to the example (the retry hint is the caller's). */
export function explainRefusal(e: Explanation): string[] {
  const header = e.header.length > 100 ? `${e.header.slice(0, 99)}…` : e.header;
  const lines = [`  You wrote:  ${header ? `"${header}"` : '(an empty first line)'}`, ''];
  const names = new Set(e.errors.map((f) => f.name));
  const shapeless = !PARSED_SHAPE.test(e.header) && (names.has('type-empty') || names.has('subject-empty'));
  if (shapeless) {
    lines.push(
      `  ✖ ${shapeProblem(e.header)} A conventional first line is \`type(scope): subject\`:`,
      '    a type from the list below, an optional scope in parentheses (the part you changed),',
      '    then a colon, a space, and what the commit does, in the imperative ("add", not "added").',
    );
  }
  // "Feat" breaks type-case and type-enum; "write it in lower case" says all of it.
  const caseOnly = names.has('type-case') && e.types?.includes((PARSED_SHAPE.exec(e.header)?.[1] ?? '').toLowerCase());
  for (const f of e.errors) {
    if (shapeless && (f.name === 'type-empty' || f.name === 'subject-empty')) continue;
    if (caseOnly && f.name === 'type-enum') continue;
    lines.push(`  ✖ ${plain(f, e.header) ?? capitalise(f.message) + '.'}`);
  }
  if (e.errors.length) lines.push(`    (commitlint: ${e.errors.map((f) => `${f.message} [${f.name}]`).join('; ')})`);
  lines.push('');
  lines.push(e.types ? `  Allowed types: ${e.types.join(', ')}` : `  Types: any word your team agrees on (usually ${USUAL_TYPES.join(', ')})`);
  lines.push(`  For example:  ${e.example}`);
  return lines;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
