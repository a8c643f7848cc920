import type { Knex } from 'knex';

/**
 * What others may see of a person (JS Art 39, 40, 62, 63): the legal basis a state organ records in place of consent,
 * a subject's authorisations to read its file, the credit reports issued with their verification codes, and what a
 * list check found invalid.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('credit_records', (t) => {
    /** JS Art 62(2): the law under which a state organ collects consent-only information, in place of consent. */
    t.text('legal_basis');
  });
  await db.schema.createTable('authorisations', (t) => {
    t.uuid('id').primary();
    t.uuid('subject_id').notNullable().references('subjects.id');
    /** `agency` (a registered credit service agency) or `person` (a registered natural person, by subject id). */
    t.text('grantee_type').notNullable();
    t.uuid('grantee_id').notNullable();
    /** `"all"` or the record categories the grantee may read. */
    t.jsonb('records').notNullable();
    /** Whether the grantee also sees consent-only information (JS Art 62(3)). */
    t.boolean('consent_only').notNullable();
    t.timestamp('until', { useTz: true }).notNullable();
    t.text('granted_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('revoked_at', { useTz: true });
    t.index(['subject_id']);
    t.index(['grantee_type', 'grantee_id', 'subject_id']);
  });
  await db.schema.createTable('credit_reports', (t) => {
    t.text('code').primary();
    t.uuid('subject_id').notNullable().references('subjects.id');
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.text('sha256').notNullable();
    t.integer('size').notNullable();
  });
  await db.schema.alterTable('list_checks', (t) => {
    t.integer('invalid').notNullable().defaultTo(0);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('list_checks', (t) => t.dropColumn('invalid'));
  await db.schema.dropTableIfExists('credit_reports');
  await db.schema.dropTableIfExists('authorisations');
  await db.schema.alterTable('credit_records', (t) => t.dropColumn('legal_basis'));
}
