/**
 * A deliberately small template language for the files `flow init` writes:
 *
 *   {{name}}                 the value of `name` (a string)
 *   {{#name}} … {{/name}}    the text when `name` is truthy (a non-empty string or true)
 *   {{^name}} … {{/name}}    the text when `name` is falsy
 *
 * A section tag alone on its line takes its line with it. GitHub Actions expressions
 * (`${{ github.ref }}`) are never touched: a tag is `{{` + a bare word + `}}` not after `$`.
 * An unknown name is an error, so a typo in a template fails the tests instead of shipping.
 */
export type TemplateValue = string | boolean;
export type TemplateVars = Record<string, TemplateValue>;

const STANDALONE_SECTION = /^[ \t]*\{\{([#^])([A-Za-z]\w*)\}\}[ \t]*\r?\n([\s\S]*?)^[ \t]*\{\{\/\2\}\}[ \t]*(?:\r?\n|$)/m;
const INLINE_SECTION = /\{\{([#^])([A-Za-z]\w*)\}\}([\s\S]*?)\{\{\/\2\}\}/;
const VARIABLE = /(?<!\$)\{\{([A-Za-z]\w*)\}\}/g;

function lookup(vars: TemplateVars, name: string, template: string): TemplateValue {
  if (!Object.prototype.hasOwnProperty.call(vars, name)) throw new Error(`template ${template}: unknown placeholder {{${name}}}`);
  return vars[name]!;
}

function truthy(value: TemplateValue): boolean {
  return value !== false && value !== '';
}

export function render(text: string, vars: TemplateVars, template = '(inline)'): string {
  let out = text;
  // Outer sections first; what a kept section contains is expanded on the next pass.
  for (let guard = 0; guard < 1000; guard++) {
    const match = STANDALONE_SECTION.exec(out) ?? INLINE_SECTION.exec(out);
    if (!match) break;
    const [whole, kind, name, body] = match as unknown as [string, string, string, string];
    const keep = truthy(lookup(vars, name, template)) === (kind === '#');
    out = out.slice(0, match.index) + (keep ? body : '') + out.slice(match.index + whole.length);
  }
  return out.replace(VARIABLE, (_m, name: string) => {
    const value = lookup(vars, name, template);
    if (typeof value !== 'string') throw new Error(`template ${template}: {{${name}}} is a condition, not text`);
    return value;
  });
}

/** A YAML scalar for a value we do not control (a branch name, a path): JSON strings are YAML. */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** A YAML flow sequence of strings: ["main", "develop"]. */
export function yamlList(values: string[]): string {
  return `[${values.map(yamlString).join(', ')}]`;
}
