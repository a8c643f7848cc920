import type { Knex } from 'knex';

/**
 * The record and the read model: subjects, credit records, list entries, documents, the case projection,
 * deadlines, escalations and notifications, audit and inquiry logs, calendar, time limits, idempotency.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('subjects', (t) => {
    t.uuid('id').primary();
    t.text('kind').notNullable();
    t.text('name').notNullable();
    t.text('identifier_type').notNullable();
    t.text('identifier_value').notNullable();
    t.text('document_type');
    t.date('birth_date');
    t.text('registered_by').notNullable();
    t.text('registered_department');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.unique(['identifier_type', 'identifier_value']);
  });
  await db.schema.createTable('responsible_persons', (t) => {
    t.uuid('organisation_id').notNullable().references('subjects.id');
    t.uuid('person_id').notNullable().references('subjects.id');
    t.text('role').notNullable();
    t.primary(['organisation_id', 'person_id', 'role']);
    t.index(['person_id']);
  });

  await db.schema.createTable('credit_records', (t) => {
    t.uuid('id').primary();
    t.uuid('subject_id').notNullable().references('subjects.id');
    t.text('category').notNullable();
    t.text('severity');
    t.text('catalogue_item').notNullable();
    t.text('department').notNullable();
    t.text('basis_kind').notNullable();
    t.text('basis_number').notNullable();
    t.date('basis_effective_on').notNullable();
    t.text('basis_issuer').notNullable();
    t.text('content').notNullable();
    t.boolean('sensitive').notNullable().defaultTo(false);
    t.text('consent_document');
    t.date('publicity_start');
    t.date('minimum_publicity_end');
    t.date('publicity_end');
    t.date('retention_end');
    t.text('state').notNullable().defaultTo('active');
    /** The inclusion case that created it, or the organisation record it marks a responsible person for (JS Art 32). */
    t.text('source_case_id');
    t.uuid('marks_record_id').references('credit_records.id');
    t.text('recorded_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['subject_id']);
    t.index(['state', 'publicity_end']);
    t.index(['state', 'retention_end']);
    t.index(['marks_record_id']);
  });
  await db.schema.createTable('credit_record_history', (t) => {
    t.bigIncrements('id');
    t.uuid('record_id').notNullable().references('credit_records.id');
    t.text('change').notNullable();
    t.jsonb('before');
    t.jsonb('after');
    t.text('reason');
    t.text('actor').notNullable();
    t.text('case_id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['record_id']);
  });

  await db.schema.createTable('list_entries', (t) => {
    t.uuid('id').primary();
    t.uuid('subject_id').notNullable().references('subjects.id');
    t.text('field').notNullable();
    t.text('case_id').notNullable().unique();
    t.uuid('record_id').references('credit_records.id');
    t.jsonb('measures').notNullable();
    t.text('department').notNullable();
    t.date('included_on').notNullable();
    t.date('removal_due_on').notNullable();
    t.date('removed_on');
    t.text('removal_reason');
    t.index(['subject_id']);
    t.index(['removed_on', 'removal_due_on']);
  });

  // The case projection: kept current by activities, read by lists, searches and supervision.
  await db.schema.createTable('cases', (t) => {
    t.text('id').primary();
    t.text('type').notNullable();
    t.text('status').notNullable();
    t.uuid('subject_id').references('subjects.id');
    t.text('department').notNullable();
    t.text('handler');
    t.uuid('record_id');
    /** Identifies the matter, to refuse a second open case on it (subject + basis, or a record). */
    t.text('matter_key');
    t.boolean('open').notNullable().defaultTo(true);
    t.integer('revision').notNullable().defaultTo(0);
    t.jsonb('view').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['subject_id']);
    t.index(['department', 'type', 'status']);
    t.index(['record_id']);
  });
  await db.raw('CREATE UNIQUE INDEX cases_one_open_per_matter ON cases (type, matter_key) WHERE open AND matter_key IS NOT NULL');

  await db.schema.createTable('case_deadlines', (t) => {
    t.text('case_id').notNullable().references('cases.id');
    t.text('deadline_id').notNullable();
    t.text('case_type').notNullable();
    t.text('department').notNullable();
    t.text('handler');
    t.text('kind').notNullable();
    t.text('state').notNullable();
    t.boolean('escalates').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('remind_at', { useTz: true });
    t.jsonb('computation').notNullable();
    t.primary(['case_id', 'deadline_id']);
  });
  await db.raw('CREATE INDEX case_deadlines_watch ON case_deadlines (state, due_at) WHERE escalates');
  await db.raw('CREATE INDEX case_deadlines_watch_dept ON case_deadlines (department, state, due_at) WHERE escalates');

  await db.schema.createTable('escalations', (t) => {
    t.bigIncrements('id');
    t.text('case_id').notNullable().references('cases.id');
    t.text('deadline_id').notNullable();
    t.text('case_type').notNullable();
    t.text('department').notNullable();
    t.text('handler');
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('raised_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true });
    t.unique(['case_id', 'deadline_id', 'due_at']);
    t.index(['department', 'raised_at']);
  });
  // Outbox: reminders and escalations for a mail or message integration to drain.
  await db.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.text('key').notNullable().unique();
    t.text('kind').notNullable();
    t.text('recipient_role').notNullable();
    t.text('recipient_department');
    t.text('recipient');
    t.text('case_id');
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.index(['sent_at']);
  });

  await db.schema.createTable('documents', (t) => {
    t.uuid('id').primary();
    /** Workflow ID + step: a retried generation finds the document it already stored. */
    t.text('key').notNullable().unique();
    t.text('case_id');
    t.text('kind').notNullable();
    t.uuid('subject_id').references('subjects.id');
    t.text('department');
    t.text('agency_id');
    t.text('sha256').notNullable();
    t.binary('content').notNullable();
    t.integer('size').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('served_at', { useTz: true });
    t.text('service_method');
    t.timestamp('acknowledged_at', { useTz: true });
    t.index(['case_id']);
  });
  await db.schema.createTable('evidence_files', (t) => {
    t.uuid('id').primary();
    t.text('key').notNullable().unique();
    t.text('case_id').notNullable();
    t.text('name').notNullable();
    t.text('content_type').notNullable();
    t.text('sha256').notNullable();
    t.integer('size').notNullable();
    t.binary('content').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['case_id']);
  });

  await db.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id');
    /** Set by activities (workflow ID + step) so a retry does not write the event twice. */
    t.text('key').unique();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('actor').notNullable();
    t.text('role').notNullable();
    t.text('action').notNullable();
    t.text('case_id');
    t.uuid('record_id');
    t.uuid('subject_id');
    t.jsonb('before');
    t.jsonb('after');
    t.index(['case_id']);
    t.index(['record_id']);
    t.index(['subject_id']);
    t.index(['actor']);
  });
  // JS Art 39: the audit trail is append-only; the database itself refuses to change it.
  await db.raw(`
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP; END $$;
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
  `);

  await db.schema.createTable('inquiry_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('actor').notNullable();
    t.text('role').notNullable();
    t.text('department');
    t.uuid('subject_id').notNullable();
    t.text('purpose').notNullable();
    t.text('what').notNullable();
    t.index(['subject_id', 'at']);
  });

  await db.schema.createTable('calendar_days', (t) => {
    t.date('date').primary();
    t.boolean('workday').notNullable();
    t.text('note');
    t.text('source').notNullable();
    t.integer('version').notNullable();
    t.text('updated_by');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.createTable('calendar_versions', (t) => {
    t.increments('version');
    t.text('change').notNullable();
    t.text('actor').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('time_limits', (t) => {
    t.increments('version');
    t.jsonb('limits').notNullable();
    t.text('note');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('idempotency_keys', (t) => {
    t.text('actor').notNullable();
    t.text('key').notNullable();
    t.text('route').notNullable();
    t.text('request_hash').notNullable();
    t.integer('status');
    t.jsonb('response');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['actor', 'key']);
  });

  await db.schema.createTable('agencies', (t) => {
    t.uuid('id').primary();
    t.text('name').notNullable();
    t.text('uscc').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of [
    'agencies', 'idempotency_keys', 'time_limits', 'calendar_versions', 'calendar_days', 'inquiry_log',
    'audit_events', 'evidence_files', 'documents', 'notifications', 'escalations', 'case_deadlines', 'cases',
    'list_entries', 'credit_record_history', 'credit_records', 'responsible_persons', 'subjects',
  ]) {
    await db.schema.dropTableIfExists(table);
  }
  await db.raw('DROP FUNCTION IF EXISTS audit_events_append_only() CASCADE');
}
