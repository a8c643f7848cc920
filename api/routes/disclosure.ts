/**
 * Disclosure and checks (DOMAIN.md §5): the publicised list and records for anyone (natural persons
 * desensitised, JS Art 40), list checks for agencies and officers (logged, JS Art 48). The subject's own file is in
 * subject-file.ts.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { encodeCursor, listQuery, text } from '../schemas';
import type { Db } from '../../db';
import { presentRecord, type CreditRecordRow } from '../../db/stores/credit-records';
import { currentEntriesOf, logListCheck, publicListPage, publicisedRecords, type EntryRow } from '../../db/stores/disclosure';
import type { SubjectRow } from '../../db/stores/subjects';
import { desensitiseText, maskIdentifier, maskName } from '../../shared/desensitise';
import { MEASURES, IDENTIFIER_TYPES, type Measure } from '../../shared/domain';
import { identifyIdentifier, normaliseIdentifier, type IdentifierInput } from '../../shared/identifiers';
import { shanghaiDate } from '../../shared/calendar';
import { route } from '../http';

/** How the public sees a subject: organisations by name and code, natural persons masked (JS Art 40). */
export function publicSubject(s: Pick<SubjectRow, 'kind' | 'name' | 'identifier_type' | 'identifier_value'>) {
  const person = s.kind === 'natural_person';
  return { kind: s.kind, name: person ? maskName(s.name) : s.name, identifier: person ? maskIdentifier(s.identifier_value) : s.identifier_value };
}

function presentEntry(e: Pick<EntryRow, 'field' | 'included_on' | 'removal_due_on' | 'measures' | 'department'>) {
  return {
    field: e.field,
    includedOn: e.included_on,
    removalDueOn: e.removal_due_on,
    department: e.department,
    measures: (e.measures as Measure[]).map((code) => ({ code, label: MEASURES[code] })),
  };
}

/** Identifiers are not free text: each is validated in full (and a bad one answered `invalid`), so a plain string is enough here. */
const CheckedIdentifier = z.union([
  z.string().trim().min(1).max(40),
  z.strictObject({ type: z.enum(IDENTIFIER_TYPES), value: z.string().trim().min(1).max(40), documentType: z.string().max(40).optional() }),
]);

/**
 * A check of 100,000 identifiers is a lot of work for one request: it is done a slice at a time, giving other
 * requests their turn between slices, so that the API keeps answering while it runs; its answer is written as JSON
 * text a slice at a time, each listed subject's entries rendered once however often it is asked for.
 */
const SLICE = 2_000;
const otherRequestsTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function mapInSlices<T, U>(items: T[], f: (item: T, index: number) => U): Promise<U[]> {
  const out: U[] = new Array(items.length);
  for (let from = 0; from < items.length; from += SLICE) {
    if (from > 0) await otherRequestsTurn();
    for (let i = from; i < Math.min(items.length, from + SLICE); i++) out[i] = f(items[i], i);
  }
  return out;
}

/** `{ ...head, results: [...] }` as JSON text: at once for a few results, else a stream written a slice at a time. */
function resultsJson(head: Record<string, unknown>, count: number, result: (n: number) => string): string | Readable {
  const open = `${JSON.stringify(head).slice(0, -1)},"results":[`;
  const slice = (from: number) => Array.from({ length: Math.min(SLICE, count - from) }, (_, i) => result(from + i)).join(',');
  if (count <= SLICE) return `${open}${slice(0)}]}`;
  return Readable.from(
    (async function* () {
      yield open;
      for (let from = 0; from < count; from += SLICE) {
        if (from > 0) await otherRequestsTurn();
        yield (from > 0 ? ',' : '') + slice(from);
      }
      yield ']}';
    })(),
  );
}

/**
 * Each identifier in the order asked: `listed` (with its entries and their measures), `not_listed`, or `invalid`
 * with the reason (a typo must never read as a clean subject).
 */
async function checkList(db: Db, asked: Array<string | IdentifierInput>) {
  const today = shanghaiDate(Date.now());
  const identified = await mapInSlices(asked, (raw) => identifyIdentifier(raw, today));
  const keys = identified.map(({ identifier }) => identifier && `${identifier.type}:${identifier.value}`);
  const unique = new Map<string, IdentifierInput>();
  identified.forEach(({ identifier }, n) => identifier && unique.set(keys[n]!, identifier));
  const rows = await currentEntriesOf(db, [...unique.values()]);
  const entriesOf = new Map<string, ReturnType<typeof presentEntry>[]>();
  for (const r of rows) {
    const key = `${r.identifier_type}:${r.identifier_value}`;
    entriesOf.set(key, [...(entriesOf.get(key) ?? []), presentEntry(r)]);
  }
  const entriesJson = new Map([...entriesOf].map(([key, entries]) => [key, JSON.stringify(entries)]));
  const result = (n: number): string => {
    const identifier = JSON.stringify(asked[n]);
    const key = keys[n];
    if (!key) return `{"identifier":${identifier},"status":"invalid","reason":${JSON.stringify(identified[n].problem)}}`;
    const entries = entriesJson.get(key);
    return entries ? `{"identifier":${identifier},"status":"listed","listed":true,"entries":${entries}}` : `{"identifier":${identifier},"status":"not_listed","listed":false,"entries":[]}`;
  };
  return {
    count: asked.length,
    listed: keys.filter((k) => k && entriesJson.has(k)).length,
    invalid: keys.filter((k) => !k).length,
    listedSubjects: [...new Set(rows.map((r) => r.subject_id))],
    result,
  };
}

export const disclosureRoutes = [
  route({
    method: 'get',
    path: '/api/v1/public/serious-dishonesty-list',
    tag: 'public',
    summary: 'The serious-dishonesty list as publicised now; natural persons desensitised; q finds organisations by part of the name or by code, natural persons only by the full identity number',
    access: 'public',
    query: z.strictObject({ q: text({ max: 100 }).optional(), ...listQuery(50, z.uuid()) }),
    responses: { 200: 'a page of entries', 400: 'invalid query' },
    async handle({ query, deps }) {
      const rows = await publicListPage(deps.db, {
        q: query.q,
        identifier: query.q ? normaliseIdentifier('uscc', query.q) : undefined,
        limit: query.limit,
        after: query.cursor,
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        body: {
          items: page.map((r) => ({ subject: publicSubject(r), ...presentEntry(r) })),
          nextCursor: rows.length > query.limit ? encodeCursor(`${last.included_on}T00:00:00Z`, last.id) : null,
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/public/credit-records',
    tag: 'public',
    summary: 'The publicised records of one subject, found by its full identifier, desensitised (free text too); a subject with nothing publicised answers as an unknown one',
    access: 'public',
    query: z.strictObject({ identifier: text({ max: 40, min: 5 }) }),
    responses: { 200: 'the subject and its publicised records (subject null and no records when nothing is publicised)', 400: 'invalid query' },
    async handle({ query, deps }) {
      const found = await publicisedRecords(deps.db, normaliseIdentifier('uscc', query.identifier));
      if (!found) return { body: { subject: null, records: [] } };
      return {
        body: {
          subject: publicSubject(found.subject),
          records: found.records.map((r: CreditRecordRow) => {
            const { subjectId: _s, marksRecordId: _m, sourceCaseId: _c, legalBasis: _l, content, ...shown } = presentRecord(r, { showSensitive: false });
            return { ...shown, content: content === undefined ? undefined : desensitiseText(content, found.personNames) };
          }),
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/api/v1/list-checks',
    tag: 'list checks',
    summary: 'Which of up to 100,000 identifiers are on the serious-dishonesty list now, with the measures that apply; a malformed identifier is invalid with the reason; logged',
    access: ['agency', 'officer', 'supervisor'],
    rateLimit: 'list_checks',
    body: z.strictObject({ identifiers: z.array(CheckedIdentifier).min(1).max(100_000), purpose: text({ max: 500, multiline: true }) }),
    responses: { 200: 'one result per identifier, in order: listed, not_listed or invalid (with the reason)', 400: 'invalid body', 401: 'no token', 403: 'wrong role', 413: 'too large', 429: 'rate limited' },
    async handle({ actor, body, deps }) {
      const check = await checkList(deps.db, body.identifiers);
      await logListCheck(deps.db, actor, { purpose: body.purpose, identifiers: check.count, listed: check.listed, invalid: check.invalid, listedSubjects: check.listedSubjects });
      return { body: resultsJson({ checkedAt: new Date().toISOString() }, check.count, check.result), type: 'application/json' };
    },
  }),
];
