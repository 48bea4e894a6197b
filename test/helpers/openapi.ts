/**
 * GitHub's OpenAPI description (@octokit/openapi) as a test oracle: resolve a request's operation
 * (method + path template), check its query parameters, and validate its JSON body against the
 * operation's requestBody schema. Unknown fields fail: every object in the body must be described
 * (`unevaluatedProperties: false` where the description leaves objects open), so a misspelt field
 * name is an error, not a silently ignored key.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';

type Json = Record<string, unknown>;

interface Document {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; parameters: Record<string, Json>; requestBodies?: Record<string, Json> };
}

let doc: Document | undefined;

/** The api.github.com description (13 MB of JSON, about half a second to parse): loaded once. */
export function openapi(): Document {
  if (!doc) {
    const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
    doc = JSON.parse(readFileSync(file, 'utf8')) as Document;
  }
  return doc;
}

function resolveRef(ref: string): Json {
  const parts = ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = openapi();
  for (const p of parts) node = (node as Json)[p];
  if (!node) throw new Error(`unresolved $ref ${ref}`);
  return node as Json;
}

/** Inline every $ref; close objects found where a value sits (not inside allOf/anyOf/oneOf). */
function strict(schema: Json, valuePosition: boolean, seen: string[] = []): Json {
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    if (seen.includes(ref) || seen.length > 40) return {};
    const { $ref: _ignored, ...rest } = schema;
    return strict({ ...resolveRef(ref), ...rest }, valuePosition, [...seen, ref]);
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Json).map(([name, s]) => [name, strict(s as Json, true, seen)]));
    } else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object') {
      out[k] = strict(v as Json, true, seen);
    } else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) {
      out[k] = v.map((s) => strict(s as Json, false, seen));
    } else if (k === 'example' || k === 'examples' || k === 'discriminator' || k.startsWith('x-')) {
      // documentation only
    } else out[k] = v;
  }
  const objectLike = out.type === 'object' || out.properties !== undefined || out.allOf !== undefined || out.oneOf !== undefined || out.anyOf !== undefined;
  if (valuePosition && objectLike && out.additionalProperties === undefined && out.type !== 'array') out.unevaluatedProperties = false;
  return out;
}

export interface Operation {
  method: string;
  template: string;
  operation: Json;
}

/** The operation for `METHOD url` under `apiBase`, or undefined when GitHub has no such route. */
export function findOperation(method: string, url: string, apiBase: string): Operation | undefined {
  if (!url.startsWith(apiBase)) throw new Error(`${url} is not under ${apiBase}`);
  const path = new URL(url).pathname.slice(new URL(apiBase).pathname.replace(/\/$/, '').length);
  const segments = path.split('/');
  let best: Operation | undefined;
  let bestLiterals = -1;
  for (const [template, item] of Object.entries(openapi().paths)) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    if (!parts.every((p, i) => (p.startsWith('{') && p.endsWith('}') ? segments[i] !== '' : p === segments[i]))) continue;
    const op = item[method.toLowerCase()];
    const literals = parts.filter((p) => !p.startsWith('{')).length;
    // The most specific route wins (rulesets/rule-suites over rulesets/{ruleset_id}).
    if (op && literals > bestLiterals) {
      best = { method, template, operation: op };
      bestLiterals = literals;
    }
  }
  return best;
}

const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/** Problems with a request, empty when GitHub's description accepts it. */
export function conformance(req: { method: string; url: string; body?: unknown }, apiBase: string): string[] {
  const found = findOperation(req.method, req.url, apiBase);
  if (!found) return [`${req.method} ${req.url}: no such operation in GitHub's OpenAPI description`];
  const problems: string[] = [];
  const query = new URL(req.url).searchParams;
  const params = ((found.operation.parameters as Json[] | undefined) ?? []).map((p) => (typeof p.$ref === 'string' ? resolveRef(p.$ref) : p));
  for (const name of query.keys()) {
    if (!params.some((p) => p.in === 'query' && p.name === name)) problems.push(`${req.method} ${found.template}: unknown query parameter ${name}`);
  }
  let rb = found.operation.requestBody as Json | undefined;
  if (rb && typeof rb.$ref === 'string') rb = resolveRef(rb.$ref);
  const schema = (rb?.content as Record<string, { schema?: Json }> | undefined)?.['application/json']?.schema;
  if (req.body === undefined || req.body === null) {
    if (rb?.required) problems.push(`${req.method} ${found.template}: a body is required`);
    return problems;
  }
  if (!schema) return [...problems, `${req.method} ${found.template}: takes no JSON body`];
  const key = `${req.method} ${found.template}`;
  const validate = compiled.get(key) ?? ajv.compile(strict(schema, true));
  compiled.set(key, validate);
  if (!validate(req.body)) {
    for (const e of validate.errors ?? []) problems.push(`${req.method} ${found.template}: body${e.instancePath} ${e.message}${e.params && 'unevaluatedProperty' in e.params ? ` (${String(e.params.unevaluatedProperty)})` : ''}`);
  }
  return problems;
}
