/**
 * Codes of the domain (DOMAIN.md §1, §2, §6). They are part of the API contract and are shared by the API,
 * the worker, the workflows and the tests. Workflow-safe: no imports.
 */

export const ROLES = ['officer', 'supervisor', 'subject', 'agency'] as const;
export type Role = (typeof ROLES)[number];

export const COMPREHENSIVE_DEPARTMENT = 'credit-comprehensive';
export const DEPARTMENTS = {
  'credit-comprehensive': '社会信用综合管理部门 (social credit comprehensive department)',
  'market-regulation': '市场监督管理 (market regulation)',
  tax: '税务 (taxation)',
  'ecology-environment': '生态环境 (ecology and environment)',
  'housing-construction': '住房城乡建设 (housing and urban-rural construction)',
  'human-resources': '人力资源社会保障 (human resources and social security)',
  transport: '交通运输 (transport)',
  'emergency-management': '应急管理 (emergency management)',
  court: '人民法院 (people’s court)',
} as const;
export type Department = keyof typeof DEPARTMENTS;
export const DEPARTMENT_CODES = Object.keys(DEPARTMENTS) as [Department, ...Department[]];

export const SUBJECT_KINDS = ['natural_person', 'legal_person', 'unincorporated_org'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const IDENTIFIER_TYPES = ['uscc', 'citizen_id', 'other'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** JS Art 32: the persons of an organisation whose records follow the organisation's. */
export const RESPONSIBLE_PERSON_ROLES = [
  'legal_representative',
  'principal_person_in_charge',
  'actual_controller',
  'directly_responsible_person',
] as const;
export type ResponsiblePersonRole = (typeof RESPONSIBLE_PERSON_ROLES)[number];

export const RECORD_CATEGORIES = ['basic', 'good', 'dishonest'] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];

export const SEVERITIES = ['minor', 'general', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATALOGUE_ITEMS = {
  basic: ['registration', 'administrative_license', 'administrative_confirmation'],
  good: ['commendation', 'public_welfare'],
  dishonest: [
    'administrative_penalty',
    'administrative_compulsion',
    'administrative_ruling',
    'false_commitment',
    'false_materials',
    'practice_norm_violation',
    'refusal_to_perform',
    'criminal_judgment',
    'local_regulation_other',
  ],
} as const satisfies Record<RecordCategory, readonly string[]>;
export const ALL_CATALOGUE_ITEMS = [
  ...CATALOGUE_ITEMS.basic,
  ...CATALOGUE_ITEMS.good,
  ...CATALOGUE_ITEMS.dishonest,
] as const;
export type CatalogueItem = (typeof ALL_CATALOGUE_ITEMS)[number];

/** JS Art 27: documents an identification of dishonesty may rest on. */
export const BASIS_KINDS = [
  'effective_judgment',
  'arbitration_award',
  'administrative_penalty',
  'administrative_compulsion',
  'administrative_ruling',
  'other_legal_document',
] as const;
export type BasisKind = (typeof BASIS_KINDS)[number];

export const RECORD_STATES = [
  'active',
  'under_objection',
  'corrected',
  'deleted',
  'publicity_stopped',
  'retention_ended',
  'revoked',
] as const;
export type RecordState = (typeof RECORD_STATES)[number];

/**
 * A record as it stands (DOMAIN.md §2): `corrected` lives on exactly as `active` does (publicity, repair, retention,
 * list removal) with its new content. The expiry sweep and repair start from these.
 */
export const STANDING_STATES = ['active', 'corrected'] as const satisfies readonly RecordState[];

/** Publicised and shared now: a record under objection is marked but still disclosed (JS Art 64). */
export const PUBLICISED_STATES = [...STANDING_STATES, 'under_objection'] as const satisfies readonly RecordState[];

/** JS Art 29: the three fields of the serious-dishonesty list. */
export const LIST_FIELDS = {
  health_safety: '严重危害人民群众身体健康和生命安全 (seriously endangering health and safety)',
  fair_competition_social_order: '严重破坏市场公平竞争秩序和社会正常秩序 (seriously undermining fair competition and social order)',
  refusal_to_perform: '有履行能力但拒不履行、逃避执行法定义务 (able to but refusing to perform statutory obligations)',
} as const;
export type ListField = keyof typeof LIST_FIELDS;
export const LIST_FIELD_CODES = Object.keys(LIST_FIELDS) as [ListField, ...ListField[]];

/** JS Art 46; JS Art 47 forbids any measure not in this list. */
export const MEASURES = {
  restrict_convenience: '在行政管理和公共服务中限制享受便利措施 (restricted convenience in administration and public services)',
  key_supervision: '列为重点监管对象，提高检查频次 (key object of supervision: more random and on-site inspections)',
  restrict_preferential_policies: '限制享受财政补贴、创业扶持等优惠政策 (restricted preferential policies: subsidies, entrepreneurship support)',
  public_resource_trading_downgrade: '在公共资源交易中降低信用等级或扣减分值 (lower points and credit grade in public resource trading)',
  restrict_government_projects: '限制参与政府投资项目和PPP项目或提高保证金 (restricted from government-invested and PPP projects, or higher deposit)',
  restrict_commendation: '限制参加评先评优 (restricted from evaluations and commendations)',
  cancel_subsidies: '取消已享受的财政补贴和项目支持 (financial subsidies and project support cancelled)',
  revoke_honors: '撤销相关荣誉称号 (relevant honours revoked)',
  local_law_other: '地方性法规规定的其他措施 (another measure a local law provides)',
} as const;
export type Measure = keyof typeof MEASURES;
export const MEASURE_CODES = Object.keys(MEASURES) as [Measure, ...Measure[]];

export const SERVICE_METHODS = ['in_person', 'post', 'electronic', 'announcement'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];

/** Why an entry leaves the serious-dishonesty list (the removal notice prints it). */
export const REMOVAL_REASONS = ['term_ended', 'credit_repair', 'basis_revoked', 'record_deleted'] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/** Why agencies must stop using a record (JS Art 67). */
export const STOP_USE_REASONS = ['publicity_ended', 'repaired', 'revoked', 'deleted', 'retention_ended'] as const;
export type StopUseReason = (typeof STOP_USE_REASONS)[number];

export const CASE_TYPES = ['inclusion', 'objection', 'revocation', 'repair', 'agency_notice'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

// JS Art 62 (forbidden and consent-only information) lives in ./personal-information.ts.
