/** List checks (DOMAIN.md §5) for agencies and officers: which identifiers are on the list now, each check logged (JS Art 48). */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Db } from '../../../db';
import { checkListAndLog } from '../../../db/stores/disclosure';
import type { Actor } from '../../../shared/cases';
import { shanghaiDate } from '../../../shared/calendar';
import { MEASURES, type Measure } from '../../../shared/domain';
import { identifyIdentifier, type IdentifierInput, type IdentifierProblem } from '../../../shared/identifiers';
import { validationError } from '../../errors';
import { route } from '../../http';
import { presentCheckedEntry } from '../../presenters';
import { CheckedIdentifier, ListCheck } from './schema';

/**
 * A check of 100,000 identifiers is a lot of work for one request: it is done a slice at a time, giving other
 * requests their turn between slices, so that the API keeps answering while it runs; its answer is written as JSON
 * text a slice at a time, each listed subject's entries rendered once however often it is asked for.
 */
const SLICE = 2_000;
const otherRequestsTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function eachInSlices<T>(items: T[], f: (item: T, index: number) => void): Promise<void> {
  for (let from = 0; from < items.length; from += SLICE) {
    if (from > 0) await otherRequestsTurn();
    for (let i = from; i < Math.min(items.length, from + SLICE); i++) f(items[i], i);
  }
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
 * Each identifier in the order asked: `listed` (with its entries and the codes of their measures), `not_listed`, or
 * `invalid` with the reason (a typo must never read as a clean subject). The measures' meanings come once, in
 * `measures`: in every entry of a large check they would be most of the answer. The lookup and the log are one statement.
 */
async function checkList(db: Db, actor: Actor, check: { identifiers: unknown[]; purpose: string }) {
  const today = shanghaiDate(Date.now());
  // One pass, a slice at a time: each item validated, then its problem or its type and value (repeats are counted
  // in SQL). An item that is not an identifier at all refuses the check, before anything is written.
  const asked: Array<string | IdentifierInput> = [];
  const identified: Array<IdentifierInput | IdentifierProblem> = [];
  const types: string[] = [];
  const values: string[] = [];
  const issues: z.core.$ZodIssue[] = [];
  await eachInSlices(check.identifiers, (item, n) => {
    const parsed = CheckedIdentifier.safeParse(item);
    if (!parsed.success) return void issues.push(...parsed.error.issues.map((i) => ({ ...i, path: ['identifiers', n, ...i.path] })));
    asked.push(parsed.data);
    const { identifier, problem } = identifyIdentifier(parsed.data, today);
    identified.push(identifier ?? problem);
    if (!identifier) return;
    types.push(identifier.type);
    values.push(identifier.value);
  });
  if (issues.length) throw validationError(new z.ZodError(issues), 'body');
  const rows = await checkListAndLog(db, actor, { purpose: check.purpose, identifiers: asked.length, invalid: asked.length - values.length, asked: { types, values } });
  // Each listed identifier's entries, by type and value, as JSON rendered once however often it was asked.
  const entriesOf = new Map<string, Map<string, ReturnType<typeof presentCheckedEntry>[]>>();
  const measures = new Set<Measure>();
  await eachInSlices(rows, (r) => {
    if (!entriesOf.has(r.identifier_type)) entriesOf.set(r.identifier_type, new Map());
    const ofType = entriesOf.get(r.identifier_type)!;
    ofType.set(r.identifier_value, [...(ofType.get(r.identifier_value) ?? []), presentCheckedEntry(r)]);
    for (const m of r.measures as Measure[]) measures.add(m);
  });
  const entriesJson = new Map([...entriesOf].map(([type, ofType]) => [type, new Map([...ofType].map(([value, entries]) => [value, JSON.stringify(entries)]))]));
  const result = (n: number): string => {
    const raw = asked[n];
    // A valid identifier asked as written is digits and capitals only: no escaping needed.
    const identifier = typeof raw === 'string' && /^[0-9A-Z]+$/.test(raw) ? `"${raw}"` : JSON.stringify(raw);
    const found = identified[n];
    if (!('value' in found)) return `{"identifier":${identifier},"status":"invalid","reason":${JSON.stringify(found)}}`;
    const entries = entriesJson.get(found.type)?.get(found.value);
    return entries ? `{"identifier":${identifier},"status":"listed","listed":true,"entries":${entries}}` : `{"identifier":${identifier},"status":"not_listed","listed":false,"entries":[]}`;
  };
  return {
    count: asked.length,
    /** What each measure named in the answer means, said once rather than in every entry. */
    measures: Object.fromEntries([...measures].sort().map((m) => [m, MEASURES[m]])),
    result,
  };
}

export const listCheckRoutes = [
  route({
    method: 'post',
    path: '/api/v1/list-checks',
    tag: 'list checks',
    summary: 'Which of up to 100,000 identifiers are on the serious-dishonesty list now, with the measures that apply (by code; `measures` says once what each means); a malformed identifier is invalid with the reason; logged',
    access: ['agency', 'officer', 'supervisor'],
    rateLimit: 'list_checks',
    body: ListCheck,
    responses: { 200: 'one result per identifier, in order: listed, not_listed or invalid (with the reason)', 400: 'invalid body', 401: 'no token', 403: 'wrong role', 413: 'too large', 429: 'rate limited' },
    async handle({ actor, body, deps }) {
      const check = await checkList(deps.db, actor, body);
      return { body: resultsJson({ checkedAt: new Date().toISOString(), measures: check.measures }, check.count, check.result), type: 'application/json' };
    },
  }),
];
