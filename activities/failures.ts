/**
 * Failures are classified (ARCHITECTURE.md): an activity's error is either a refusal the process expects (an
 * ApplicationFailure it threw itself), a data error retrying cannot cure (a value PostgreSQL refuses, a broken
 * invariant), or a failure that may pass (a server down, a deadlock). Data errors are not retried and open an
 * incident at once; other failures are retried with backoff and open an incident once they have lasted longer
 * than `incidentAfterMs`. Every failure is logged once per attempt (once per backoff step), and neither the log
 * nor the failure sent to Temporal carries the values the activity was given: only codes and names.
 */
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Db } from '../db/knex';
import { reportIncident, resolveIncident } from '../db/stores/incidents';
import { logger } from '../lib/logger';
import { DATA_REFUSED, BROKEN_INVARIANT } from '../shared/errors';

/** An activity found something that must never be (e.g. a case without its record): retrying will not help. */
export class BrokenInvariant extends Error {
  override name = 'BrokenInvariant';
}

export interface ClassifiedFailure {
  kind: 'data_refused' | 'transient' | 'defect';
  /** SQLSTATE, errno code, or the error's name. */
  code?: string;
  /** What went wrong, from codes and schema names only. */
  summary: string;
}

/** SQLSTATE classes: 22 data exception, 23 integrity constraint violation (a unique violation may be a race). */
const DATA_CLASSES = ['22', '23'];
const RETRYABLE_DATA_CODES = ['23505'];
/** 08 connection, 40 transaction rollback (serialisation, deadlock), 53 resources, 55P03 lock, 57 operator intervention. */
const TRANSIENT_CLASSES = ['08', '40', '53', '57'];
const TRANSIENT_CODES = ['55P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'];

const CONDITIONS: Record<string, string> = {
  '22001': 'string_data_right_truncation',
  '22003': 'numeric_value_out_of_range',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22021': 'character_not_in_repertoire',
  '22P02': 'invalid_text_representation',
  '22P05': 'untranslatable_character',
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23505': 'unique_violation',
  '23514': 'check_violation',
};

interface PgError {
  code?: string;
  table?: string;
  column?: string;
  constraint?: string;
  severity?: string;
  routine?: string;
}

const isSqlState = (code: unknown): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);

export function classifyFailure(err: unknown): ClassifiedFailure {
  const e = (err ?? {}) as PgError & Error;
  if (err instanceof BrokenInvariant) return { kind: 'data_refused', code: 'broken_invariant', summary: `a broken invariant: ${e.message.slice(0, 200)}` };
  if (isSqlState(e.code) && e.severity) {
    const where = [e.table && `table ${e.table}`, e.column && `column ${e.column}`, e.constraint && `constraint ${e.constraint}`].filter(Boolean).join(', ');
    const what = `${CONDITIONS[e.code] ?? `SQLSTATE class ${e.code.slice(0, 2)}`} (${e.code})${where ? ` on ${where}` : ''}`;
    if (DATA_CLASSES.includes(e.code.slice(0, 2)) && !RETRYABLE_DATA_CODES.includes(e.code)) return { kind: 'data_refused', code: e.code, summary: `PostgreSQL refused a value: ${what}` };
    if (TRANSIENT_CLASSES.includes(e.code.slice(0, 2)) || TRANSIENT_CODES.includes(e.code)) return { kind: 'transient', code: e.code, summary: `PostgreSQL is unavailable: ${what}` };
    return { kind: 'defect', code: e.code, summary: `PostgreSQL error: ${what}` };
  }
  if (typeof e.code === 'string' && TRANSIENT_CODES.includes(e.code)) return { kind: 'transient', code: e.code, summary: `a server is unreachable (${e.code})` };
  if (e.name === 'KnexTimeoutError' || /Connection terminated|not queryable|connection error/i.test(e.message ?? '')) {
    return { kind: 'transient', code: e.name, summary: 'PostgreSQL is unreachable (no connection)' };
  }
  return { kind: 'defect', code: e.name, summary: `${e.name ?? 'Error'} in the activity` };
}

export interface FailureOptions {
  db: Db;
  /** A retried failure becomes an incident once it has lasted this long (default 3 minutes). */
  incidentAfterMs?: number;
}

/** The worker's activity interceptor that classifies, logs and reports failures. */
export function classifyActivityFailures({ db, incidentAfterMs = 3 * 60_000 }: FailureOptions): ActivityInterceptorsFactory {
  return (ctx) => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input, next) {
        const info = ctx.info;
        const caseId = info.workflowExecution?.workflowId ?? info.activityId;
        try {
          const result = await next(input);
          if (info.attempt > 1) await resolveIncident(db, caseId, info.activityType).catch(() => undefined);
          return result;
        } catch (err) {
          // The process's own refusals go back as they are.
          if (err instanceof ApplicationFailure) throw err;
          const failure = classifyFailure(err);
          const retrying = failure.kind !== 'data_refused';
          const failingForMs = Date.now() - info.scheduledTimestampMs;
          const log = { activity: info.activityType, caseId, workflowType: info.workflowType, attempt: info.attempt, failure: failure.kind, code: failure.code, failingForMs };
          if (retrying) logger.warn(log, `activity failed, will retry: ${failure.summary}`);
          else logger.error(log, `activity failed for good: ${failure.summary}`);
          if (!retrying || failingForMs >= incidentAfterMs) {
            // Most activities are given the department; a step's commit carries it in the case's projection.
            const arg = input.args[0] as { department?: unknown; projection?: { department?: unknown } } | undefined;
            const department = arg?.department ?? arg?.projection?.department;
            await reportIncident(db, {
              caseId,
              workflowType: info.workflowType ?? '',
              department: typeof department === 'string' ? department : undefined,
              activity: info.activityType,
              kind: retrying ? 'failing' : 'data_refused',
              error: failure.summary,
              code: failure.code,
              attempts: info.attempt,
              firstFailedAt: new Date(info.scheduledTimestampMs),
            }).catch((e: unknown) => logger.warn({ caseId, activity: info.activityType, failure: classifyFailure(e).summary }, 'could not report the incident'));
          }
          // Logged above: the SDK's own line for this failure is kept at debug level (BENIGN).
          throw ApplicationFailure.create({
            type: failure.kind === 'data_refused' ? (failure.code === 'broken_invariant' ? BROKEN_INVARIANT : DATA_REFUSED) : `activity_${failure.kind}`,
            message: failure.summary,
            nonRetryable: !retrying,
            details: [{ code: failure.code ?? null }],
            category: ApplicationFailureCategory.BENIGN,
          });
        }
      },
    };
    return { inbound };
  };
}
