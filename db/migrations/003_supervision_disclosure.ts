import type { Knex } from 'knex';

/**
 * Supervision reads the deadlines that need attention in due-date order, a page at a time: partial indexes
 * with exactly the list's predicate let PostgreSQL stop after the first page. List checks are logged (JS Art 48).
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`CREATE INDEX case_deadlines_attention ON case_deadlines (due_at, case_id, deadline_id)
    WHERE escalates AND state IN ('due_soon', 'overdue')`);
  await db.raw(`CREATE INDEX case_deadlines_attention_dept ON case_deadlines (department, due_at, case_id, deadline_id)
    WHERE escalates AND state IN ('due_soon', 'overdue')`);
  await db.raw('CREATE INDEX escalations_deadline ON escalations (case_id, deadline_id)');
  await db.schema.createTable('list_checks', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('actor').notNullable();
    t.text('role').notNullable();
    t.text('department');
    t.text('agency_id');
    t.text('purpose').notNullable();
    t.integer('identifiers').notNullable();
    t.integer('listed').notNullable();
  });
  await db.raw('CREATE INDEX list_entries_current ON list_entries (subject_id) WHERE removed_on IS NULL');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('list_checks');
  await db.raw('DROP INDEX IF EXISTS case_deadlines_attention, case_deadlines_attention_dept, escalations_deadline, list_entries_current');
}
