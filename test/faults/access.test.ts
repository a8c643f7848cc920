/**
 * Who may call what: one table of (endpoint, role, department, ownership, expected status) covering every
 * endpoint, each row a test through HTTP. Departments: `own` (market-regulation, which holds every case and record
 * here), `other` (tax), `platform` (credit-comprehensive). Ownership: a subject's own file and cases or another
 * subject's; an agency's own notices or another agency's. Steps go to cases that have ended, so a caller let in
 * meets the process's refusal (409) and nothing changes; a caller kept out meets 401, 403 or 404 before that.
 * Forged tokens are in test/tokens.api.test.ts.
 */
import { ROUTES } from '../../api/app';
import { shanghaiDate } from '../../shared/calendar';
import { startTestApi, tokens, type TestApi } from '../helpers/api';
import { newUscc } from '../helpers/fixtures';
import { insertCreditRecord } from '../helpers/records';
import { insertDishonestRecord } from '../helpers/repairs';
import { sleep } from './stack';

type Role = 'none' | 'officer' | 'supervisor' | 'subject' | 'agency';
type Department = '' | 'own' | 'other' | 'platform';
type Ownership = '' | 'own' | 'other';
type Row = [endpoint: string, role: Role, department: Department, ownership: Ownership, status: number];

/** Staff of the owning department, another department, the platform; the subject, another; the agency, another. */
const STAFF = (endpoint: string, roles: Array<'officer' | 'supervisor'>, own: number, other: number, platform = own): Row[] =>
  roles.flatMap((role) => [
    [endpoint, role, 'own', '', own],
    [endpoint, role, 'other', '', other],
    [endpoint, role, 'platform', '', platform],
  ]);
const SUBJECT = (endpoint: string, own: number, other: number): Row[] => [
  [endpoint, 'subject', '', 'own', own],
  [endpoint, 'subject', '', 'other', other],
];
const AGENCY = (endpoint: string, own: number, other = own): Row[] => [
  [endpoint, 'agency', '', 'own', own],
  [endpoint, 'agency', '', 'other', other],
];
const DENIED = (endpoint: string, roles: Role[], status = 403): Row[] =>
  roles.flatMap((role) => (role === 'officer' || role === 'supervisor' ? STAFF(endpoint, [role], status, status) : role === 'subject' ? SUBJECT(endpoint, status, status) : AGENCY(endpoint, status)));

/** A case is the owning department's: its staff, and the platform's supervisors (who see every case); not the platform's officers. */
const CASE_STAFF = (endpoint: string, roles: Array<'officer' | 'supervisor'>, own: number): Row[] =>
  roles.flatMap((role) => [
    [endpoint, role, 'own', '', own],
    [endpoint, role, 'other', '', 403],
    [endpoint, role, 'platform', '', role === 'supervisor' ? own : 403],
  ]);
/** A closed case's step: a caller let in reaches the process (409 case_closed); the others are refused before. */
const caseStep = (endpoint: string, staff: Array<'officer' | 'supervisor'>, others: Role[], subject?: 'step'): Row[] => [
  ...(subject ? SUBJECT(endpoint, 409, 404) : CASE_STAFF(endpoint, staff, 409)),
  ...DENIED(endpoint, others),
];
const caseRead = (endpoint: string): Row[] => [...CASE_STAFF(endpoint, ['officer', 'supervisor'], 200), ...SUBJECT(endpoint, 200, 404), ...DENIED(endpoint, ['agency'])];

const TABLE: Row[] = [
  // Subjects and records
  ...STAFF('POST /api/v1/subjects', ['officer', 'supervisor'], 409, 409), // the same identifier again: duplicate_subject
  ...DENIED('POST /api/v1/subjects', ['subject', 'agency']),
  ...STAFF('GET /api/v1/subjects/{id}', ['officer', 'supervisor'], 200, 200),
  ...SUBJECT('GET /api/v1/subjects/{id}', 200, 404),
  ...DENIED('GET /api/v1/subjects/{id}', ['agency']),
  ...STAFF('PUT /api/v1/subjects/{id}/responsible-persons', ['officer', 'supervisor'], 200, 200),
  ...DENIED('PUT /api/v1/subjects/{id}/responsible-persons', ['subject', 'agency']),
  ...STAFF('PUT /api/v1/subjects/{id}/electronic-service-consent', ['officer', 'supervisor'], 200, 200),
  ...SUBJECT('PUT /api/v1/subjects/{id}/electronic-service-consent', 200, 404),
  ...DENIED('PUT /api/v1/subjects/{id}/electronic-service-consent', ['agency']),
  ...STAFF('POST /api/v1/credit-records', ['officer', 'supervisor'], 404, 404), // an unknown subject, past the role check
  ...DENIED('POST /api/v1/credit-records', ['subject', 'agency']),
  ...STAFF('GET /api/v1/credit-records/{id}', ['officer', 'supervisor'], 200, 200),
  ...SUBJECT('GET /api/v1/credit-records/{id}', 200, 404),
  ...DENIED('GET /api/v1/credit-records/{id}', ['agency']),
  ...STAFF('GET /api/v1/subjects/{id}/credit-records', ['officer', 'supervisor'], 200, 200),
  ...SUBJECT('GET /api/v1/subjects/{id}/credit-records', 200, 404),
  ...DENIED('GET /api/v1/subjects/{id}/credit-records', ['agency']),

  // Inclusion (a withdrawn case)
  ...STAFF('POST /api/v1/inclusion-cases', ['officer', 'supervisor'], 404, 404), // an unknown subject
  ...DENIED('POST /api/v1/inclusion-cases', ['subject', 'agency']),
  ...caseRead('GET /api/v1/inclusion-cases/{id}'),
  ...caseStep('POST /api/v1/inclusion-cases/{id}/approval', ['supervisor'], ['officer', 'subject', 'agency']),
  ...caseStep('POST /api/v1/inclusion-cases/{id}/service', ['officer', 'supervisor'], ['subject', 'agency']),
  ...caseStep('POST /api/v1/inclusion-cases/{id}/acknowledgement', [], ['officer', 'supervisor', 'agency'], 'step'),
  ...caseStep('POST /api/v1/inclusion-cases/{id}/statements', [], ['officer', 'supervisor', 'agency'], 'step'),
  ...caseStep('POST /api/v1/inclusion-cases/{id}/waiver', [], ['officer', 'supervisor', 'agency'], 'step'),
  ...caseStep('POST /api/v1/inclusion-cases/{id}/feedback', ['officer', 'supervisor'], ['subject', 'agency']),
  ...caseStep('POST /api/v1/inclusion-cases/{id}/decision', ['officer', 'supervisor'], ['subject', 'agency']),
  ...caseStep('POST /api/v1/inclusion-cases/{id}/withdrawal', ['officer', 'supervisor'], ['subject', 'agency']),

  // Objections (one refused as inadmissible)
  ...SUBJECT('POST /api/v1/objections', 201, 422), // its own record (again, after the refusal); another's: record_not_subjects
  ...DENIED('POST /api/v1/objections', ['officer', 'supervisor', 'agency']),
  ...caseRead('GET /api/v1/objections/{id}'),
  ...caseStep('POST /api/v1/objections/{id}/acceptance', ['officer', 'supervisor'], ['subject', 'agency']),
  ...caseStep('POST /api/v1/objections/{id}/extension', ['supervisor'], ['officer', 'subject', 'agency']),
  ...caseStep('POST /api/v1/objections/{id}/suspension', ['officer', 'supervisor'], ['subject', 'agency']),
  ...caseStep('POST /api/v1/objections/{id}/resumption', ['officer', 'supervisor'], ['subject', 'agency']),
  ...caseStep('POST /api/v1/objections/{id}/result', ['officer', 'supervisor'], ['subject', 'agency']),

  // Revocations (one applied): the reporting department reports, the platform confirms
  ...STAFF('POST /api/v1/revocations', ['officer', 'supervisor'], 409, 403, 403), // the record is revoked already
  ...DENIED('POST /api/v1/revocations', ['subject', 'agency']),
  ...STAFF('GET /api/v1/revocations/{id}', ['officer', 'supervisor'], 200, 403, 200), // the platform's officers too: they confirm
  ...SUBJECT('GET /api/v1/revocations/{id}', 200, 404),
  ...DENIED('GET /api/v1/revocations/{id}', ['agency']),
  ...STAFF('POST /api/v1/revocations/{id}/confirmation', ['officer', 'supervisor'], 403, 403, 409),
  ...DENIED('POST /api/v1/revocations/{id}/confirmation', ['subject', 'agency']),

  // Repairs (one decided)
  ...SUBJECT('POST /api/v1/repairs', 201, 422), // its own record (again, after the refusal); another's: record_not_subjects
  ...DENIED('POST /api/v1/repairs', ['officer', 'supervisor', 'agency']),
  ...caseRead('GET /api/v1/repairs/{id}'),
  ...caseStep('POST /api/v1/repairs/{id}/decision', ['officer', 'supervisor'], ['subject', 'agency']),
  ...caseStep('POST /api/v1/repairs/{id}/extension', ['supervisor'], ['officer', 'subject', 'agency']),

  // Agencies and their notices
  ...STAFF('POST /api/v1/agencies', ['supervisor'], 403, 403, 409), // the platform's: the same code again
  ...DENIED('POST /api/v1/agencies', ['officer', 'subject', 'agency']),
  ...AGENCY('GET /api/v1/agency-notices', 200),
  ...DENIED('GET /api/v1/agency-notices', ['officer', 'supervisor', 'subject']),
  ...AGENCY('POST /api/v1/agency-notices/{id}/acknowledgement', 200, 404),
  ...DENIED('POST /api/v1/agency-notices/{id}/acknowledgement', ['officer', 'supervisor', 'subject']),

  // Lists and documents
  ...STAFF('GET /api/v1/cases', ['officer', 'supervisor'], 200, 200),
  ...SUBJECT('GET /api/v1/cases', 200, 200),
  ...DENIED('GET /api/v1/cases', ['agency']),
  ...CASE_STAFF('GET /api/v1/documents/{id}', ['officer', 'supervisor'], 200),
  ...SUBJECT('GET /api/v1/documents/{id}', 200, 404),
  ...AGENCY('GET /api/v1/documents/{id}', 404),

  // Supervision
  ...['overdue', 'summary', 'incidents', 'provisional-deadlines'].flatMap((p) => [
    ...STAFF(`GET /api/v1/supervision/${p}`, ['supervisor'], 200, 200),
    ...DENIED(`GET /api/v1/supervision/${p}`, ['officer', 'subject', 'agency']),
  ]),

  // Reference data: anyone signed in reads; only the platform's supervisors change
  ...['GET /api/v1/calendar', 'GET /api/v1/departments', 'GET /api/v1/time-limits'].flatMap((e) => [
    ...STAFF(e, ['officer', 'supervisor'], 200, 200),
    ...SUBJECT(e, 200, 200),
    ...AGENCY(e, 200),
  ]),
  ...['PUT /api/v1/calendar/{date}', 'PUT /api/v1/calendar/years/{year}', 'PUT /api/v1/departments/{code}', 'PUT /api/v1/time-limits'].flatMap((e) => [
    ...STAFF(e, ['supervisor'], 403, 403, 400), // the platform's get past access to a body refused (nothing changes)
    ...DENIED(e, ['officer', 'subject', 'agency']),
  ]),
  ...STAFF('GET /api/v1/audit', ['supervisor'], 200, 200), // each department's supervisors read their own department's (below)
  ...DENIED('GET /api/v1/audit', ['officer', 'subject', 'agency']),

  // Disclosure
  ['GET /api/v1/public/serious-dishonesty-list', 'none', '', '', 200],
  ['GET /api/v1/public/credit-records', 'none', '', '', 200],
  ...STAFF('POST /api/v1/list-checks', ['officer', 'supervisor'], 200, 200),
  ...AGENCY('POST /api/v1/list-checks', 200),
  ...DENIED('POST /api/v1/list-checks', ['subject']),
  ...SUBJECT('GET /api/v1/me/report', 200, 200),
  ...DENIED('GET /api/v1/me/report', ['officer', 'supervisor', 'agency']),
  ['GET /api/v1/public/report-verification/{code}', 'none', '', '', 404], // a well-formed code of no report

  // A subject's authorisations of its file, and the file read by whom it authorised
  ...SUBJECT('POST /api/v1/me/authorisations', 201, 201), // each subject authorises for its own file
  ...DENIED('POST /api/v1/me/authorisations', ['officer', 'supervisor', 'agency']),
  ...SUBJECT('GET /api/v1/me/authorisations', 200, 200),
  ...DENIED('GET /api/v1/me/authorisations', ['officer', 'supervisor', 'agency']),
  ...AGENCY('GET /api/v1/subjects/{id}/file', 200, 403), // the agency the subject authorised; another agency
  ...SUBJECT('GET /api/v1/subjects/{id}/file', 403, 403), // a subject is no grantee of its own file, nor of another's unasked
  ...DENIED('GET /api/v1/subjects/{id}/file', ['officer', 'supervisor']),
  ...SUBJECT('DELETE /api/v1/me/authorisations/{id}', 200, 404), // its own authorisation; another subject's
  ...DENIED('DELETE /api/v1/me/authorisations/{id}', ['officer', 'supervisor', 'agency']),

  // Signing in (the tests' API has no local sign-in: it exists only with the locally generated secret)
  ['GET /api/v1/sign-in', 'none', '', '', 200],
  ['GET /api/v1/sign-in/local/choices', 'none', '', '', 404],
  ['POST /api/v1/sign-in/local', 'none', '', '', 404],
];

// Every endpoint that is not public refuses a caller without a token.
const PUBLIC = new Set(ROUTES.filter((r) => r.access === 'public').map((r) => `${r.method.toUpperCase()} ${r.path}`));
const ROWS: Row[] = [
  ...ROUTES.filter((r) => !PUBLIC.has(`${r.method.toUpperCase()} ${r.path}`)).map((r): Row => [`${r.method.toUpperCase()} ${r.path}`, 'none', '', '', 401]),
  ...TABLE,
];

let api: TestApi;
/** The fixtures' IDs and what each endpoint is sent (path and body), once they exist. */
let fx: Record<string, string>;
let requests: Record<string, () => { path: string; body?: unknown }>;
const token: Record<string, () => Promise<string>> = {};

const ok = async (res: Promise<{ status: number; body: any }>, status = 200) => {
  const r = await res;
  if (r.status !== status) throw new Error(`fixture: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

async function waitFor(path: string, status: string, as: string) {
  for (let i = 0; i < 150; i++) {
    const c = await api.call('GET', path, { token: as });
    if (c.body?.status === status) return c.body;
    await sleep(200);
  }
  throw new Error(`${path} did not reach ${status}`);
}

beforeAll(async () => {
  api = await startTestApi();
  const officer = await tokens.officer('market-regulation');
  const platformOfficer = await tokens.officer('credit-comprehensive');
  const platform = await tokens.supervisor('credit-comprehensive');
  const register = (name: string) => ok(api.call('POST', '/api/v1/subjects', { token: officer, body: { kind: 'legal_person', name, identifier: { type: 'uscc', value: newUscc() } } }), 201);
  const a = await register('南京某某建材有限公司');
  const b = await register('南京另一家建材有限公司');
  const agency = await ok(api.call('POST', '/api/v1/agencies', { token: platform, body: { name: '南京甲信用服务有限公司', uscc: newUscc() } }), 201);
  const otherAgency = await ok(api.call('POST', '/api/v1/agencies', { token: platform, body: { name: '无锡乙征信有限公司', uscc: newUscc() } }), 201);
  const subject = await tokens.subject(a.id);

  const objected = await insertCreditRecord(api.db, a.id);
  const revoked = await insertCreditRecord(api.db, a.id);
  const repaired = await insertDishonestRecord(api.db, a.id, { severity: 'general', effectiveOn: '2025-01-10', publicityEnd: '2099-01-10' });

  const inclusion = await ok(api.call('POST', '/api/v1/inclusion-cases', {
    token: officer,
    body: { subjectId: a.id, field: 'fair_competition_social_order', basis: [{ kind: 'administrative_penalty', number: '宁市监罚〔2026〕777号', effectiveOn: '2026-08-01', issuer: '南京市市场监督管理局' }], facts: '串通投标', reasons: '严重破坏市场公平竞争秩序', legalProvisions: ['《江苏省社会信用条例》第二十九条第二项'], measures: ['key_supervision'], actOn: '2026-07-10' },
  }), 201);
  await ok(api.call('POST', `/api/v1/inclusion-cases/${inclusion.id}/withdrawal`, { token: officer, body: { reason: '事实需要进一步核实' } }));
  const objection = await ok(api.call('POST', '/api/v1/objections', { token: subject, body: { creditRecordId: objected.id, grounds: 'error', reasons: '罚款金额记载错误' } }), 201);
  await ok(api.call('POST', `/api/v1/objections/${objection.id}/acceptance`, { token: officer, body: { accepted: false, reasons: '不属于异议受理范围' } }));
  const revocation = await ok(api.call('POST', '/api/v1/revocations', { token: officer, body: { creditRecordId: revoked.id, change: 'revoked', document: { number: '宁市监撤〔2026〕5号', effectiveOn: shanghaiDate(Date.now()) } } }), 201);
  await ok(api.call('POST', `/api/v1/revocations/${revocation.id}/confirmation`, { token: platformOfficer }));
  const repair = await ok(api.call('POST', '/api/v1/repairs', { token: subject, body: { creditRecordId: repaired, performance: '已全额缴纳罚款并完成整改', commitment: { accepted: true, text: '本单位承诺所提交材料真实有效' } } }), 201);
  await ok(api.call('POST', `/api/v1/repairs/${repair.id}/decision`, { token: officer, body: { outcome: 'refused', reasons: '整改材料不全' } }));
  for (const [path, status] of [[`/api/v1/inclusion-cases/${inclusion.id}`, 'withdrawn'], [`/api/v1/revocations/${revocation.id}`, 'applied']]) await waitFor(path, status, platform);
  const notices = await ok(api.call('GET', '/api/v1/agency-notices', { token: await tokens.agency(agency.id) }));
  const authorise = () => ok(api.call('POST', '/api/v1/me/authorisations', { token: subject, body: { grantee: { type: 'agency', id: agency.id }, scope: { records: 'all', consentOnly: false }, until: new Date(Date.now() + 30 * 86_400_000).toISOString() } }), 201);
  await authorise(); // read by the agency below
  const revocable = await authorise();
  const limits = await ok(api.call('GET', '/api/v1/time-limits', { token: officer }));

  fx = { a: a.id, b: b.id, aUscc: a.identifier.value, agencyUscc: agency.uscc, objected: objected.id, revoked: revoked.id, repaired, notice: notices.items[0].id, document: inclusion.documents[0].id };
  const staff = { own: 'market-regulation', other: 'tax', platform: 'credit-comprehensive' } as const;
  for (const [dept, code] of Object.entries(staff)) {
    token[`officer ${dept}`] = () => tokens.officer(code, `officer-${code}`);
    token[`supervisor ${dept}`] = () => tokens.supervisor(code, `supervisor-${code}`);
  }
  token['subject own'] = () => tokens.subject(a.id);
  token['subject other'] = () => tokens.subject(b.id);
  token['agency own'] = () => tokens.agency(agency.id);
  token['agency other'] = () => tokens.agency(otherAgency.id);

  const at = (path: string, body?: unknown) => () => ({ path, body });
  const inc = `/api/v1/inclusion-cases/${inclusion.id}`;
  const obj = `/api/v1/objections/${objection.id}`;
  const rep = `/api/v1/repairs/${repair.id}`;
  const text = '理由';
  requests = {
    'POST /api/v1/subjects': at('/api/v1/subjects', { kind: 'legal_person', name: '南京某某建材有限公司', identifier: { type: 'uscc', value: fx.aUscc } }),
    'GET /api/v1/subjects/{id}': at(`/api/v1/subjects/${fx.a}`),
    'PUT /api/v1/subjects/{id}/responsible-persons': at(`/api/v1/subjects/${fx.a}/responsible-persons`, { responsiblePersons: [], reason: text }),
    'PUT /api/v1/subjects/{id}/electronic-service-consent': at(`/api/v1/subjects/${fx.a}/electronic-service-consent`, { agreedOn: '2026-01-05', document: '电子送达确认书' }),
    'POST /api/v1/credit-records': at('/api/v1/credit-records', { subjectId: '0b8f7a5e-1111-4222-8333-444455556666', category: 'dishonest', severity: 'general', catalogueItem: 'administrative_penalty', basis: { kind: 'administrative_penalty', number: '宁市监罚〔2026〕9号', effectiveOn: '2026-01-05', issuer: '南京市市场监督管理局' }, content: '罚款' }),
    'GET /api/v1/credit-records/{id}': at(`/api/v1/credit-records/${fx.objected}`),
    'GET /api/v1/subjects/{id}/credit-records': at(`/api/v1/subjects/${fx.a}/credit-records`),
    'POST /api/v1/inclusion-cases': at('/api/v1/inclusion-cases', { subjectId: '0b8f7a5e-1111-4222-8333-444455556666', field: 'health_safety', basis: [{ kind: 'administrative_penalty', number: '宁市监罚〔2026〕8号', effectiveOn: '2026-08-01', issuer: '南京市市场监督管理局' }], facts: '事实', reasons: text, legalProvisions: ['第二十九条'], measures: ['key_supervision'], actOn: '2026-07-10' }),
    'GET /api/v1/inclusion-cases/{id}': at(inc),
    'POST /api/v1/inclusion-cases/{id}/approval': at(`${inc}/approval`),
    'POST /api/v1/inclusion-cases/{id}/service': at(`${inc}/service`, { document: 'notice', method: 'post', servedAt: new Date().toISOString() }),
    'POST /api/v1/inclusion-cases/{id}/acknowledgement': at(`${inc}/acknowledgement`, { document: 'notice' }),
    'POST /api/v1/inclusion-cases/{id}/statements': at(`${inc}/statements`, { text: '陈述申辩' }),
    'POST /api/v1/inclusion-cases/{id}/waiver': at(`${inc}/waiver`),
    'POST /api/v1/inclusion-cases/{id}/feedback': at(`${inc}/feedback`, { accepted: true, text }),
    'POST /api/v1/inclusion-cases/{id}/decision': at(`${inc}/decision`, { outcome: 'include', reasons: text }),
    'POST /api/v1/inclusion-cases/{id}/withdrawal': at(`${inc}/withdrawal`, { reason: text }),
    'POST /api/v1/objections': at('/api/v1/objections', { creditRecordId: fx.objected, grounds: 'error', reasons: text }),
    'GET /api/v1/objections/{id}': at(obj),
    'POST /api/v1/objections/{id}/acceptance': at(`${obj}/acceptance`, { accepted: true }),
    'POST /api/v1/objections/{id}/extension': at(`${obj}/extension`, { workingDays: 5, reason: text }),
    'POST /api/v1/objections/{id}/suspension': at(`${obj}/suspension`, { reason: text }),
    'POST /api/v1/objections/{id}/resumption': at(`${obj}/resumption`, { reason: text }),
    'POST /api/v1/objections/{id}/result': at(`${obj}/result`, { outcome: 'upheld', reasons: text }),
    'POST /api/v1/revocations': at('/api/v1/revocations', { creditRecordId: fx.revoked, change: 'revoked', document: { number: '宁市监撤〔2026〕6号', effectiveOn: shanghaiDate(Date.now()) } }),
    'GET /api/v1/revocations/{id}': at(`/api/v1/revocations/${revocation.id}`),
    'POST /api/v1/revocations/{id}/confirmation': at(`/api/v1/revocations/${revocation.id}/confirmation`),
    'POST /api/v1/repairs': at('/api/v1/repairs', { creditRecordId: fx.repaired, performance: text, commitment: { accepted: true, text } }),
    'GET /api/v1/repairs/{id}': at(rep),
    'POST /api/v1/repairs/{id}/decision': at(`${rep}/decision`, { outcome: 'granted', reasons: text }),
    'POST /api/v1/repairs/{id}/extension': at(`${rep}/extension`, { workingDays: 5, reason: text }),
    'POST /api/v1/agencies': at('/api/v1/agencies', { name: '南京甲信用服务有限公司', uscc: fx.agencyUscc }),
    'GET /api/v1/agency-notices': at('/api/v1/agency-notices'),
    'POST /api/v1/agency-notices/{id}/acknowledgement': at(`/api/v1/agency-notices/${fx.notice}/acknowledgement`),
    'GET /api/v1/cases': at('/api/v1/cases'),
    'GET /api/v1/documents/{id}': at(`/api/v1/documents/${fx.document}`),
    'GET /api/v1/supervision/overdue': at('/api/v1/supervision/overdue'),
    'GET /api/v1/supervision/summary': at('/api/v1/supervision/summary'),
    'GET /api/v1/supervision/incidents': at('/api/v1/supervision/incidents'),
    'GET /api/v1/supervision/provisional-deadlines': at('/api/v1/supervision/provisional-deadlines'),
    'GET /api/v1/calendar': at('/api/v1/calendar?year=2026'),
    'GET /api/v1/departments': at('/api/v1/departments'),
    'GET /api/v1/time-limits': at('/api/v1/time-limits'),
    'GET /api/v1/audit': at(`/api/v1/audit?caseId=${inclusion.id}`),
    'GET /api/v1/public/serious-dishonesty-list': at('/api/v1/public/serious-dishonesty-list'),
    'GET /api/v1/public/credit-records': at(`/api/v1/public/credit-records?identifier=${fx.aUscc}`),
    'POST /api/v1/list-checks': at('/api/v1/list-checks', { identifiers: [fx.aUscc], purpose: '招标资格审查' }),
    'GET /api/v1/me/report': at('/api/v1/me/report'),
    'GET /api/v1/public/report-verification/{code}': at('/api/v1/public/report-verification/2222-3333-4444-5555'),
    'POST /api/v1/me/authorisations': at('/api/v1/me/authorisations', { grantee: { type: 'agency', id: agency.id }, scope: { records: 'all', consentOnly: false }, until: new Date(Date.now() + 86_400_000).toISOString() }),
    'GET /api/v1/me/authorisations': at('/api/v1/me/authorisations'),
    'GET /api/v1/subjects/{id}/file': at(`/api/v1/subjects/${fx.a}/file?purpose=${encodeURIComponent('信用评估')}`),
    'DELETE /api/v1/me/authorisations/{id}': at(`/api/v1/me/authorisations/${revocable.id}`),
    'GET /api/v1/sign-in': at('/api/v1/sign-in'),
    'GET /api/v1/sign-in/local/choices': at('/api/v1/sign-in/local/choices'),
    'POST /api/v1/sign-in/local': at('/api/v1/sign-in/local', { role: 'officer', dept: 'market-regulation' }),
  };
  // A change of reference data the platform may make is sent refused as invalid (nothing changes); others send it whole.
  const change = (path: string, body: unknown) => () => ({ path, body });
  requests['PUT /api/v1/calendar/{date}'] = change('/api/v1/calendar/2199-12-31', { workday: true, note: '调休' });
  requests['PUT /api/v1/calendar/years/{year}'] = change('/api/v1/calendar/years/2199', { holidays: [], workdays: [], source: { document: '国务院办公厅通知', publishedOn: '2026-01-05' } });
  requests['PUT /api/v1/departments/{code}'] = change('/api/v1/departments/tax', { name: '南京市税务局', reconsiderationBody: '江苏省税务局' });
  requests['PUT /api/v1/time-limits'] = change('/api/v1/time-limits', { limits: limits.limits, note: '调整' });
});
afterAll(() => api?.close());

const PLATFORM_CHANGES = ['PUT /api/v1/calendar/{date}', 'PUT /api/v1/calendar/years/{year}', 'PUT /api/v1/departments/{code}', 'PUT /api/v1/time-limits'];

test('the table covers every endpoint, each with a row for every role', () => {
  const endpoints = ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`);
  expect([...new Set(ROWS.map((r) => r[0]))].sort()).toEqual([...endpoints].sort());
  for (const e of endpoints.filter((x) => !PUBLIC.has(x))) {
    expect({ e, roles: [...new Set(ROWS.filter((r) => r[0] === e).map((r) => r[1]))].sort() }).toEqual({ e, roles: ['agency', 'none', 'officer', 'subject', 'supervisor'] });
  }
});

test.each(ROWS)('%s as %s (department %s, ownership %s): %i', async (endpoint, role, department, ownership, status) => {
  const { path, body } = requests[endpoint]();
  const invalid = PLATFORM_CHANGES.includes(endpoint) && department === 'platform';
  const as = role === 'none' ? undefined : await token[`${role} ${department || ownership}`]();
  const res = await api.call(endpoint.split(' ')[0], path, { token: as, body: invalid ? {} : body });
  expect({ endpoint, status: res.status, error: res.status >= 400 ? res.body?.error?.code : undefined }).toMatchObject({ endpoint, status });
});

test("another department's supervisor reads none of a case's audit events; its own department's and the platform's read them", async () => {
  const { path } = requests['GET /api/v1/audit']();
  const read = async (as: string) => (await api.call('GET', path, { token: await token[as]() })).body.items.length;
  expect(await read('supervisor other')).toBe(0);
  expect(await read('supervisor own')).toBeGreaterThan(0);
  expect(await read('supervisor platform')).toBe(await read('supervisor own'));
});
