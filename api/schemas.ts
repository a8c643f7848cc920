/**
 * The building blocks every route schema is made of (API.md "Conventions"): free text, dates, instants and list
 * cursors. Whatever a client sends reaches a query or a workflow only through them, so a value PostgreSQL would
 * refuse (NUL in jsonb, a year 0000) is a 400 naming its field, never a 500 or a case stuck retrying.
 */
import { z } from 'zod';

/**
 * Control characters (C0 and C1, NUL and DEL included) and the bidirectional embeddings, overrides and isolates
 * (U+202A-202E, U+2066-2069) that make text read other than it is stored. Tab, CR and LF are text in multi-line
 * fields.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const LINE_BREAKS = /[\t\n\r]/u;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (not Unicode text). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface TextOptions {
  /** At most this many characters (after trimming and NFC). */
  max: number;
  /** At least this many (default 1: free text is never empty). */
  min?: number;
  /** Text of several lines (statements, reasons, facts); default: one line (names, numbers, codes). */
  multiline?: boolean;
}

/** Free text: trimmed, NFC-normalised, refused with its reason if it holds what is not text. */
export function text({ max, min = 1, multiline = false }: TextOptions) {
  return z
    .string()
    .check((ctx) => {
      const s = ctx.value;
      const problem = LONE_SURROGATE.test(s)
        ? 'contains an unpaired surrogate (not Unicode text)'
        : CONTROL.test(s)
          ? 'contains a control character'
          : !multiline && LINE_BREAKS.test(s)
            ? 'must be one line (no tab or line break)'
            : BIDI_CONTROLS.test(s)
              ? 'contains a bidirectional override or isolate'
              : undefined;
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: s, abort: true });
    })
    .trim()
    .normalize('NFC')
    .min(min)
    .max(max);
}

/** Dates of the API: `YYYY-MM-DD`, a real day between 1900-01-01 and 2199-12-31. */
export const date = () =>
  z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2199-12-31', { message: 'a date between 1900-01-01 and 2199-12-31' });

/** Instants: ISO 8601 with an offset, within the same years as dates. */
export const instant = () =>
  z.iso.datetime({ offset: true }).refine(
    (s) => {
      const t = Date.parse(s);
      return t >= Date.parse('1900-01-01T00:00:00Z') && t < Date.parse('2200-01-01T00:00:00Z');
    },
    { message: 'an instant between 1900 and 2199' },
  );

/** Keyset pagination over (time, key): the cursor is opaque to clients, and one the API did not give is a 400. */
export function encodeCursor(at: Date | string, key: string): string {
  return Buffer.from(JSON.stringify([new Date(at).toISOString(), key])).toString('base64url');
}

/** What a list's cursor may carry besides its instant: case IDs, deadline IDs (the default), or a UUID. */
const CURSOR_KEY = z.string().min(1).max(300).regex(/^[\w\n.:|-]+$/u);

export const cursor = (key: z.ZodType<string> = CURSOR_KEY) => {
  const content = z.tuple([instant(), key]);
  return z
    .string()
    .max(600)
    .regex(/^[\w-]+$/u, 'not a cursor this API returned')
    .transform((s, ctx): [string, string] => {
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
      } catch {
        decoded = undefined;
      }
      const parsed = content.safeParse(decoded);
      if (!parsed.success) {
        ctx.issues.push({ code: 'custom', message: 'not a cursor this API returned', input: s });
        return z.NEVER;
      }
      return parsed.data as [string, string];
    });
};

/** `limit` and `cursor` of every list (API.md: `limit` ≤ 500). */
export const listQuery = (defaultLimit = 50, key?: z.ZodType<string>) => ({
  limit: z.coerce.number().int().min(1).max(500).default(defaultLimit),
  cursor: cursor(key).optional(),
});

/** A resource named by its UUID in the path. */
export const IdParams = z.object({ id: z.uuid() });

/** `?purpose=` on reads of a subject's file, kept in the inquiry log (JS Art 39; API.md conventions). */
export const purposeQuery = { purpose: text({ max: 500 }).optional() };

/** A schema as JSON Schema for the OpenAPI document: what a client may send, without the draft's `$schema`. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}
