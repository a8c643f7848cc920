/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document (which the routes' zod schemas produce):
 * values the schema allows, and now and then, at any depth, one it does not: a hostile string (NUL, a lone
 * surrogate, a bidi override, SQL, a huge text), a wrong type, an impossible date, a key too many or one missing.
 * (zod-fast-check and json-schema-fast-check target zod 3 and fast-check 1; the document's keywords are few.)
 */
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

const HOSTILE_STRINGS = [
  '',
  ' ',
  '理由\u0000',
  '\ud800',
  '\udc00理由',
  '\u202e好',
  '\u2066',
  '\u0007\u001b[31m',
  "' OR '1'='1' --",
  "'); DROP TABLE subjects; --",
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '0000-01-01',
  '9999-12-31',
  '2026-02-30',
  '+275760-09-13T00:00:00.000Z',
  '1e309',
  'NaN',
  '__proto__',
  'constructor',
  '数'.repeat(6000),
  'x'.repeat(100_001),
];

/** A value no schema of the API expects here (or, by chance, one it does). */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, [], {}, [null], { __proto__: { admin: true } }, JSON.parse('{"__proto__":{"admin":true}}')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.anything({ maxDepth: 2 }),
);

const isoDate = fc.date({ min: new Date('1850-01-01'), max: new Date('2250-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const isoInstant = fc.date({ min: new Date('1850-01-01'), max: new Date('2250-12-31'), noInvalidDate: true }).map((d) => d.toISOString());

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'date') return isoDate;
  if (s.format === 'date-time') return isoInstant;
  if (s.format === 'base64') return fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64'));
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern));
    } catch {
      // a construct fast-check does not generate from: any string
    }
  }
  const maxLength = Math.min(s.maxLength ?? 60, 60);
  return fc.string({ unit: 'grapheme', minLength: Math.min(s.minLength ?? 0, maxLength), maxLength });
}

function valid(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union) return fc.oneof(...union.map((u) => arbitraryOf(u, depth + 1)));
  if (s.allOf) return arbitraryOf(Object.assign({}, ...s.allOf) as JsonSchema, depth);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringOf(s);
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000);
      const max = s.maximum ?? 1_000_000;
      return type === 'integer' ? fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) }) : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => arbitraryOf(p, depth + 1)));
      return fc.array(s.items ? arbitraryOf(s.items, depth + 1) : hostile, { minLength: Math.min(s.minItems ?? 0, 4), maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object': {
      const properties = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, arbitraryOf(p, depth + 1)]));
      return fc.record(properties, { requiredKeys: (s.required ?? []).filter((k) => k in properties) });
    }
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

/** Mostly what the schema allows; one node in ten something hostile; objects sometimes a key short or over. */
export function arbitraryOf(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const v = valid(s, depth);
  const tampered = s.type === 'object' ? v.chain((o) => tamper(o as Record<string, unknown>)) : hostile;
  return fc.oneof({ arbitrary: v, weight: 9 }, { arbitrary: tampered, weight: 1 });
}

/** An object with a key removed or one added. */
function tamper(o: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(o);
  return fc.oneof(
    fc.constantFrom(...(keys.length ? keys : [''])).map((k) => Object.fromEntries(Object.entries(o).filter(([key]) => key !== k))),
    fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'id', 'role'), hostile).map(([k, v]) => ({ ...o, [k]: v })),
  );
}
