/**
 * The SQL of disclosure (DOMAIN.md §5): what is publicised now, list checks and their log.
 */
import type { Actor } from '../../shared/cases';
import type { IdentifierInput } from '../../shared/identifiers';
import { shanghaiDate } from '../../shared/calendar';
import { PUBLICISED_STATES } from '../../shared/domain';
import type { Db } from '../knex';
import type { CreditRecordRow } from './credit-records';
import type { SubjectRow } from './subjects';


export interface EntryRow {
  id: string;
  field: string;
  included_on: string;
  removal_due_on: string;
  measures: string[];
  department: string;
}

/** List entries in force now whose record is still publicised. */
export function currentEntries(db: Db) {
  return db('list_entries as e')
    .join('subjects as s', 's.id', 'e.subject_id')
    .join('credit_records as r', 'r.id', 'e.record_id')
    .whereNull('e.removed_on')
    .whereIn('r.state', PUBLICISED_STATES);
}

/**
 * A page of the public list, newest first. `q` finds organisations by part of the name or by code and natural
 * persons only by the full identifier: a part of a name would confirm the name the list masks (JS Art 40).
 */
export async function publicListPage(db: Db, opts: { q?: string; identifier?: string; limit: number; after?: [string, string] }) {
  const q = currentEntries(db)
    .select('e.id', 'e.field', 'e.included_on', 'e.removal_due_on', 'e.measures', 'e.department', 's.kind', 's.name', 's.identifier_type', 's.identifier_value')
    .orderBy([{ column: 'e.included_on', order: 'desc' }, { column: 'e.id', order: 'desc' }])
    .limit(opts.limit + 1);
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q.where((w) => w.where((o) => o.whereNot('s.kind', 'natural_person').whereILike('s.name', like)).orWhere('s.identifier_value', opts.identifier ?? opts.q!));
  }
  if (opts.after) q.whereRaw('(e.included_on, e.id) < (?::date, ?::uuid)', [opts.after[0].slice(0, 10), opts.after[1]]);
  return q as Promise<Array<EntryRow & Pick<SubjectRow, 'kind' | 'name' | 'identifier_type' | 'identifier_value'>>>;
}

/**
 * The records of one subject publicised today, with the names of the natural persons they are about (the subject,
 * or an organisation's responsible persons) for desensitising their text. No subject when nothing is publicised.
 */
export async function publicisedRecords(db: Db, identifierValue: string) {
  const today = shanghaiDate(Date.now());
  const records: Array<CreditRecordRow & Pick<SubjectRow, 'kind' | 'name' | 'identifier_type' | 'identifier_value'>> = await db('credit_records as r')
    .join('subjects as s', 's.id', 'r.subject_id')
    .where({ 's.identifier_value': identifierValue, 'r.sensitive': false })
    .whereIn('r.state', PUBLICISED_STATES)
    .where('r.publicity_start', '<=', today)
    .where((w) => w.whereNull('r.publicity_end').orWhere('r.publicity_end', '>=', today))
    .orderBy('r.publicity_start', 'desc')
    .select('r.*', 's.kind', 's.name', 's.identifier_type', 's.identifier_value');
  if (records.length === 0) return undefined;
  const subject = records[0];
  const persons: Array<{ name: string }> = await db('responsible_persons as p').join('subjects as s', 's.id', 'p.person_id').where('p.organisation_id', subject.subject_id).select('s.name');
  const personNames = [...(subject.kind === 'natural_person' ? [subject.name] : []), ...persons.map((p) => p.name)];
  return { subject, records, personNames };
}

export type CheckedEntryRow = EntryRow & { subject_id: string; identifier_type: string; identifier_value: string };

/**
 * Written out once, not built per request: a list check is the API's busiest read. It goes from the identifiers to
 * the entries in force (which carry their subject's identifier), never through the millions of subjects.
 */
const ENTRY_COLUMNS = 'e.subject_id, e.identifier_type, e.identifier_value, e.field, e.included_on, e.removal_due_on, e.measures, e.department';
const IN_FORCE_FOR_ASKED = `
  JOIN list_entries e ON e.identifier_type = asked.identifier_type AND e.identifier_value = asked.identifier_value AND e.removed_on IS NULL
  JOIN credit_records r ON r.id = e.record_id
  WHERE r.state IN (${PUBLICISED_STATES.map((st) => `'${st}'`).join(', ')})`;
const CURRENT_ENTRIES_OF = `
  SELECT ${ENTRY_COLUMNS}
  FROM unnest(string_to_array(?, ','), string_to_array(?, ',')) AS asked (identifier_type, identifier_value) ${IN_FORCE_FOR_ASKED}`;

/**
 * The lookup of a list check alone, the benchmark's floor (`checkListAndLog` runs it with the check's log).
 * Validated identifiers hold no comma: sent as comma-separated texts, 100,000 of them bind as cheaply as one.
 */
export function currentEntriesSql(db: Db, identifiers: IdentifierInput[]) {
  return db.raw(CURRENT_ENTRIES_OF, [identifiers.map((i) => i.type).join(','), identifiers.map((i) => i.value).join(',')]);
}

/** From this many identifiers, a check gets the memory to hash every entry in force at once. */
const LARGE_CHECK = 10_000;

/** A large check hashes the entries in force: with the default work_mem the hash spills to disk. In a transaction. */
export const giveLargeCheckMemory = (trx: Db) => trx.raw("SET LOCAL work_mem = '64MB'");

export interface ListCheckToLog {
  purpose: string;
  identifiers: number;
  invalid: number;
  asked: { types: string[]; values: string[] };
}

/** The statement of `checkListAndLog` (the benchmark explains it). */
export function checkListAndLogStatement(q: Db, actor: Actor, check: ListCheckToLog) {
  return q.raw(
    `WITH asked AS (
       SELECT * FROM unnest(string_to_array(?, ','), string_to_array(?, ',')) WITH ORDINALITY AS a (identifier_type, identifier_value, n)
     ), found AS (
       SELECT asked.n, e.id AS entry_id, ${ENTRY_COLUMNS} FROM asked ${IN_FORCE_FOR_ASKED}
     ), checked AS (
       INSERT INTO list_checks (actor, role, department, agency_id, purpose, identifiers, listed, invalid)
       VALUES (?, ?, ?, ?, ?, ?, (SELECT count(DISTINCT n) FROM found), ?)
     ), logged AS (
       INSERT INTO inquiry_log (actor, role, department, subject_id, purpose, what)
       SELECT ?, ?, ?, s, ?, 'list check' FROM (SELECT DISTINCT subject_id FROM found) listed (s)
     )
     SELECT DISTINCT ON (entry_id) subject_id, identifier_type, identifier_value, field, included_on, removal_due_on, measures, department FROM found`,
    [
      check.asked.types.join(','), check.asked.values.join(','),
      actor.id, actor.role, actor.department ?? null, actor.agencyId ?? null, check.purpose, check.identifiers, check.invalid,
      actor.id, actor.role, actor.department ?? null, check.purpose,
    ],
  );
}

/**
 * A list check and its log in one statement (JS Art 39, 48): the entries in force of the identifiers asked, the
 * check (how many asked, how many of them listed, how many invalid) and, for each subject found listed, an inquiry
 * into its file. Written together or not at all, in one round trip: a single check is the API's busiest request.
 * `asked` are the valid identifiers as asked, repeats included: each is joined as asked (grouping 100,000 of them
 * first cost more than the join), and an entry found for an identifier asked twice is answered once.
 */
export async function checkListAndLog(db: Db, actor: Actor, check: ListCheckToLog): Promise<CheckedEntryRow[]> {
  const statement = (q: Db) => checkListAndLogStatement(q, actor, check);
  if (check.asked.values.length < LARGE_CHECK) return (await statement(db)).rows;
  return db.transaction(async (trx) => {
    await giveLargeCheckMemory(trx);
    return (await statement(trx)).rows;
  });
}
