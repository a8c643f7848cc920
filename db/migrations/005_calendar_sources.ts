import type { Knex } from 'knex';

/**
 * The calendar's three sources (DOMAIN.md §3): every day says whether it was `entered` by a supervisor, comes from
 * the `official` published arrangement or is `provisional` (statutory holidays alone); every year says which source
 * it rests on. A calendar version records the span of days it changed, so that only the deadlines over them move.
 */
export async function up(db: Knex): Promise<void> {
  await db('calendar_days').where({ source: 'chinese-days' }).update({ source: 'official' });
  await db('calendar_days').where({ source: 'statutory' }).update({ source: 'provisional' });
  await db('calendar_days').where({ source: 'supervisor' }).update({ source: 'entered' });
  await db.schema.createTable('calendar_years', (t) => {
    t.integer('year').primary();
    t.text('source').notNullable();
    t.text('document');
    t.date('published_on');
    t.text('updated_by').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.alterTable('calendar_versions', (t) => {
    t.date('changed_from');
    t.date('changed_to');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('calendar_versions', (t) => {
    t.dropColumn('changed_from');
    t.dropColumn('changed_to');
  });
  await db.schema.dropTable('calendar_years');
}
