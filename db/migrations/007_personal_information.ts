import type { Knex } from 'knex';

/**
 * What others may see of a person (JS Art 39, 40, 62, 63): the legal basis a state organ records in place of consent,
 * a subject's authorisations to read its file, the credit reports issued with their verification codes, what a list
 * check found invalid, and list entries found by their subject's identifier.
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

  // A list check compares up to 100,000 identifiers with the entries in force: it must read the entries (tens of
  // thousands), not the subjects (millions) (bench/list-checks.ts). Each entry carries its subject's identifier,
  // copied on insert by the database (identifiers never change), so every writer of entries gets it for free.
  await db.schema.alterTable('list_entries', (t) => {
    t.text('identifier_type');
    t.text('identifier_value');
  });
  await db.raw(`
    CREATE FUNCTION list_entries_identifier() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT identifier_type, identifier_value INTO NEW.identifier_type, NEW.identifier_value FROM subjects WHERE id = NEW.subject_id;
      RETURN NEW;
    END $$;
    CREATE TRIGGER list_entries_identifier BEFORE INSERT ON list_entries FOR EACH ROW EXECUTE FUNCTION list_entries_identifier();
    UPDATE list_entries e SET identifier_type = s.identifier_type, identifier_value = s.identifier_value FROM subjects s WHERE s.id = e.subject_id;
    CREATE INDEX list_entries_current_identifier ON list_entries (identifier_type, identifier_value) WHERE removed_on IS NULL;
  `);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP TRIGGER IF EXISTS list_entries_identifier ON list_entries; DROP FUNCTION IF EXISTS list_entries_identifier()');
  await db.schema.alterTable('list_entries', (t) => {
    t.dropIndex(['identifier_type', 'identifier_value'], 'list_entries_current_identifier');
    t.dropColumn('identifier_type');
    t.dropColumn('identifier_value');
  });
  await db.schema.alterTable('list_checks', (t) => t.dropColumn('invalid'));
  await db.schema.dropTableIfExists('credit_reports');
  await db.schema.dropTableIfExists('authorisations');
  await db.schema.alterTable('credit_records', (t) => t.dropColumn('legal_basis'));
}
