import type { Knex } from 'knex';

/**
 * Each department's issuing name and the relief its decisions print (DOMAIN.md §3, §6). Seeded for Nanjing, the
 * administration the Regulations in shared/seeds come from; comprehensive supervisors change them.
 */
const GOVERNMENT = '南京市人民政府';
export const DEFAULT_DEPARTMENTS = [
  { code: 'credit-comprehensive', name: '南京市发展和改革委员会', reconsideration_body: GOVERNMENT },
  { code: 'market-regulation', name: '南京市市场监督管理局', reconsideration_body: GOVERNMENT },
  // Vertically managed: reconsideration by the tax authority one level up (Administrative Reconsideration Law Art 27).
  { code: 'tax', name: '国家税务总局南京市税务局', reconsideration_body: '国家税务总局江苏省税务局' },
  { code: 'ecology-environment', name: '南京市生态环境局', reconsideration_body: GOVERNMENT },
  { code: 'housing-construction', name: '南京市城乡建设委员会', reconsideration_body: GOVERNMENT },
  { code: 'human-resources', name: '南京市人力资源和社会保障局', reconsideration_body: GOVERNMENT },
  { code: 'transport', name: '南京市交通运输局', reconsideration_body: GOVERNMENT },
  { code: 'emergency-management', name: '南京市应急管理局', reconsideration_body: GOVERNMENT },
  {
    code: 'court',
    name: '南京市中级人民法院',
    correction_procedure: '认为将其纳入失信名单错误的，可以向本院申请纠正；对纠正结果不服的，可以向上一级人民法院申请复议。',
  },
];

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('departments', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.text('reconsideration_body');
    t.text('correction_procedure');
    t.text('updated_by').notNullable().defaultTo('system');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db('departments').insert(DEFAULT_DEPARTMENTS);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('departments');
}
