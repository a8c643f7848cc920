/**
 * The pages in a real browser (headless Chromium), against the API serving them, a real worker and PostgreSQL, and
 * the time-skipping Temporal server (deadlines really elapse): the journey of a case from the officer's first step
 * to the public list, an objection left overdue as the supervisor sees it, an agency's list check, a subject's
 * authorisations and PDF credit report, an incident as the supervisor sees it. Every page
 * visited passes axe (no serious or critical violation); the narrow-screen pages do not scroll sideways.
 * With SCREENSHOTS=1 (`npm run screenshots`) each role's main page is saved into docs/screenshots/.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { insertAgency } from '../db/stores/agency-notices';
import { extendObjectionUpdate } from '../shared/objection';
import type { Db } from '../db/knex';
import { startTestApi, tokens, type TestApi } from './helpers/api';
import { launchBrowser, newContext, overflowsHorizontally, screenshotOnFailure, seriousViolations } from './helpers/browser';
import { eventually, supervisor as supervisorActor } from './helpers/cases';
import { newUscc, registerOrganisation } from './helpers/fixtures';
import { insertCreditRecord } from './helpers/records';
import { withTimeSkippingWorker } from './helpers/temporal';

let env: TestWorkflowEnvironment;
let db: Db;
let api: TestApi;
let browser: Browser;
const contexts: BrowserContext[] = [];

withTimeSkippingWorker(async (ctx) => {
  ({ env, db } = ctx);
  api = await startTestApi({ temporal: { client: env.client, taskQueue: ctx.taskQueue }, localSignIn: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const SCREENSHOTS = process.env.SCREENSHOTS ? path.resolve(__dirname, '..', 'docs', 'screenshots') : undefined;
async function keepScreenshot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** A test whose open pages are saved to test-results/ when it fails. */
function step(name: string, fn: () => Promise<void>) {
  test(name, () => screenshotOnFailure(name, () => contexts.flatMap((c) => c.pages()), fn));
}

async function open(opts: { narrow?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, opts);
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  return context.newPage();
}

async function expectAccessible(page: Page) {
  await page.waitForLoadState('networkidle');
  expect(await seriousViolations(page)).toEqual([]);
}

/** Chooses an option of an Ant Design select found by its label. */
async function choose(scope: Page | ReturnType<Page['locator']>, label: string, option: string, page: Page) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await scope.getByRole('combobox', { name: new RegExp(`^(\\* )?${escaped}$`) }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first().click();
}

async function fillDate(scope: ReturnType<Page['locator']>, label: string, date: string) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

async function signIn(page: Page, as: { role: string; dept?: string; search?: string; choice?: string; choiceLabel?: string }) {
  await page.goto(`${api.url}/sign-in`);
  await choose(page, '角色', as.role, page);
  if (as.dept) await choose(page, '部门', as.dept, page);
  if (as.search) await page.getByLabel('搜索').fill(as.search);
  if (as.choice) await choose(page, as.choiceLabel!, as.choice, page);
  await page.locator('form').filter({ has: page.getByLabel('角色') }).getByRole('button', { name: '登录' }).click();
}

const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
const org = { name: `南京页面测试建材有限公司${randomUUID().slice(0, 4)}`, uscc: newUscc(), id: '' };
let officer: Page;
let subject: Page;
let caseId = '';

async function caseView(id: string) {
  const collection = id.startsWith('objection-') ? 'objections' : 'inclusion-cases';
  return (await api.call('GET', `/api/v1/${collection}/${id}`, { token: await tokens.officer() })).body;
}

/** Lets the time-skipping server run past the deadline's end (plus a minute). */
async function pastDeadline(id: string, kind: string) {
  const deadline = (await caseView(id)).deadlines.find((d: any) => d.kind === kind);
  await env.sleep(Math.max(0, Date.parse(deadline.dueAt) - (await env.currentTimeMs())) + 60_000);
}

step('an officer signs in and registers an organisation; a wrong identifier is explained on its field', async () => {
  officer = await open();
  await signIn(officer, { role: '执法人员', dept: '市场监督管理' });
  await officer.waitForURL('**/officer');
  await officer.getByRole('heading', { name: '本部门案件' }).waitFor();
  await expectAccessible(officer);

  await officer.getByRole('link', { name: '登记信用主体' }).click();
  const form = officer.locator('form#register-subject');
  await form.getByLabel('名称').fill(org.name);
  const wrong = org.uscc.slice(0, 17) + (org.uscc[17] === '0' ? '1' : '0');
  await form.getByLabel('证照号码').fill(wrong);
  await form.getByRole('button', { name: '登记信用主体' }).click();
  const explained = form.locator('.ant-form-item-explain-error');
  await explained.first().waitFor();
  expect(await explained.first().textContent()).toMatch(/check|校验/i);
  await expectAccessible(officer);

  await form.getByLabel('证照号码').fill(org.uscc);
  await form.getByRole('button', { name: '登记信用主体' }).click();
  // The registered subject's file (not the registration page, /officer/subjects/new, which matches a glob too).
  await officer.waitForURL(/\/officer\/subjects\/[0-9a-f-]{36}$/);
  org.id = officer.url().split('/').pop()!;
  await officer.getByText(org.uscc).first().waitFor();
});

step('the officer records credit information and starts an inclusion case; the case shows its prior notice', async () => {
  const record = officer.locator('form#record-credit');
  await record.getByLabel('文书编号').fill(`宁市监罚〔2026〕${Math.floor(Math.random() * 9000) + 1000}号`);
  await fillDate(record, '生效日期', daysAgo(20));
  await record.getByLabel('作出机关').fill('南京市市场监督管理局');
  await record.getByLabel('信息内容').fill('未按规定公示年度报告，被处以罚款人民币五千元');
  await record.getByRole('button', { name: '记录信用信息' }).click();
  await officer.getByRole('cell', { name: '未按规定公示年度报告，被处以罚款人民币五千元' }).waitFor();

  const start = officer.locator('form#start-inclusion');
  await choose(start, '列入领域', '严重危害人民群众身体健康和生命安全', officer);
  await choose(start, '惩戒措施', '列为重点监管对象', officer);
  await choose(start, '惩戒措施', '限制参与政府投资项目', officer);
  await officer.keyboard.press('Escape');
  await start.getByLabel('文书编号').fill(`宁市监罚〔2026〕${Math.floor(Math.random() * 9000) + 1000}号`);
  await fillDate(start, '生效日期', daysAgo(10));
  await fillDate(start, '失信行为发生日期', daysAgo(40));
  await start.getByLabel('作出机关').fill('南京市市场监督管理局');
  await start.getByLabel('失信事实').fill('生产销售不符合食品安全标准的食品，货值金额较大');
  await start.getByLabel('理由', { exact: true }).fill('严重危害人民群众身体健康和生命安全，情节严重');
  await start.getByLabel('法律依据（每行一条）').fill('《江苏省社会信用条例》第二十九条第一项');
  await start.getByRole('button', { name: '启动列入严重失信主体名单程序' }).click();
  await officer.waitForURL('**/cases/inclusion-*');
  caseId = officer.url().split('/').pop()!;
  await officer.getByText('告知书已制作').first().waitFor();
  await officer.getByRole('cell', { name: '列入严重失信主体名单告知书', exact: true }).waitFor();
  await expectAccessible(officer);
});

step('the subject signs in, acknowledges and opens the notice PDF, and submits a statement with a file', async () => {
  subject = await open();
  await signIn(subject, { role: '信用主体', search: org.name, choiceLabel: '信用主体', choice: org.uscc });
  await subject.waitForURL('**/subject');
  await subject.getByRole('link', { name: new RegExp(caseId.slice(0, 18)) }).click();
  await subject.waitForURL(`**/cases/${caseId}`);
  await subject.locator('form#step-acknowledge').getByRole('button', { name: '签收' }).click();
  await subject.getByText('陈述申辩期', { exact: true }).first().waitFor();
  // The window's deadline, how it was computed, and the working days left.
  const windowRow = subject.getByRole('row', { name: /陈述申辩期限/ });
  expect(await windowRow.textContent()).toMatch(/5 工作日/);
  const left = windowRow.locator('td').nth(3);
  await left.filter({ hasText: /^\d+$/ }).waitFor();
  expect(Number(await left.textContent())).toBeGreaterThan(0);

  // The PDF is fetched with the token and shown in a new tab from a blob URL.
  const [pdf, response] = await Promise.all([
    subject.context().waitForEvent('page'),
    subject.waitForResponse((r) => r.url().includes('/api/v1/documents/')),
    subject.getByRole('button', { name: '查看 PDF: 列入严重失信主体名单告知书' }).click(),
  ]);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  // The bytes behind the blob, fetched again with the page's own token (the page's CSP keeps fetch off blob URLs).
  const token = await subject.evaluate(() => JSON.parse((globalThis as any).sessionStorage.getItem('credit-cases.session')).token as string);
  const bytes = await (await subject.request.get(response.url(), { headers: { Authorization: `Bearer ${token}` } })).body();
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  await pdf.waitForURL(/^blob:/);
  await pdf.close();

  const statement = subject.locator('form#step-submit_statement');
  await statement.getByLabel('内容').fill('处罚决定书载明的货值金额有误，特此申辩。');
  await statement.locator('input[type=file]').setInputFiles({ name: '检验报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 检验报告') });
  await statement.getByRole('button', { name: '提交陈述申辩' }).click();
  await subject.getByText('处罚决定书载明的货值金额有误，特此申辩。').waitFor();
  await subject.getByText('证据材料: 检验报告.pdf').waitFor();
  await expectAccessible(subject);
});

step('the officer gives feedback; after the window the subject’s form is gone and the officer decides to include', async () => {
  await officer.reload();
  const feedback = officer.locator('form#step-feedback');
  await feedback.getByLabel('内容').fill('经核实，货值金额以检验报告为准，不影响认定。');
  await feedback.getByRole('button', { name: '反馈核实结果' }).click();
  await officer.getByText('经核实，货值金额以检验报告为准，不影响认定。').waitFor();

  await pastDeadline(caseId, 'statement_window');
  await eventually(async () => expect((await caseView(caseId)).allowedActions).toContain('decide'), 30_000);
  await subject.reload();
  await subject.getByText('陈述申辩期限已届满或已放弃，不能再提交陈述申辩。').waitFor();
  expect(await subject.locator('form#step-submit_statement').count()).toBe(0);

  await officer.reload();
  const decide = officer.locator('form#step-decide');
  await decide.getByLabel('理由', { exact: true }).fill('违法事实清楚，情节严重，依法列入。');
  await decide.getByRole('button', { name: '作出决定' }).click();
  await officer.getByText('决定书已制作').first().waitFor();
  await expectAccessible(officer);
  await officer.goto(`${api.url}/officer`);
  await officer.getByRole('link', { name: new RegExp(caseId.slice(0, 18)) }).waitFor();
  await keepScreenshot(officer, 'officer');
});

step('the subject acknowledges the decision and sees it; the public list shows the organisation', async () => {
  await subject.reload();
  await subject.locator('form#step-acknowledge').getByRole('button', { name: '签收' }).click();
  await subject.getByText('已列入名单').first().waitFor();
  await subject.getByText(/决定书: 列入/).waitFor();
  await expectAccessible(subject);

  const visitor = await open();
  await visitor.goto(`${api.url}/public`);
  await visitor.getByRole('searchbox', { name: '搜索' }).fill(org.name);
  await visitor.getByRole('button', { name: '搜索' }).click();
  await visitor.getByRole('cell', { name: org.name }).waitFor();
  await expectAccessible(visitor);
  await keepScreenshot(visitor, 'public');
  await visitor.getByRole('button', { name: 'English' }).click();
  await visitor.getByRole('heading', { name: 'Serious-dishonesty list' }).waitFor();
});

step('the subject objects to its record; once the acceptance limit has passed, the supervisor sees it overdue, counted for the department', async () => {
  await subject.goto(`${api.url}/subject`);
  await keepScreenshot(subject, 'subject');
  await subject.getByRole('row', { name: /未按规定公示年度报告/ }).getByRole('button', { name: '提出异议' }).click();
  const dialog = subject.getByRole('dialog');
  await dialog.getByLabel('理由', { exact: true }).fill('罚款金额记载错误，处罚决定书载明为人民币三千元');
  await dialog.getByRole('button', { name: '提交' }).click();
  await subject.waitForURL('**/cases/objection-*');
  const objectionId = subject.url().split('/').pop()!;
  await subject.getByText('待受理').first().waitFor();

  await pastDeadline(objectionId, 'objection_acceptance');
  await eventually(async () => expect(await db('case_deadlines').where({ case_id: objectionId, state: 'overdue' })).toHaveLength(1), 30_000);

  const supervisor = await open();
  await signIn(supervisor, { role: '监督人员', dept: '市场监督管理' });
  await supervisor.waitForURL('**/supervisor');
  const item = supervisor.getByRole('row', { name: new RegExp(objectionId.slice(0, 18)) });
  await item.waitFor();
  expect(await item.textContent()).toContain('异议受理期限');
  expect(await item.textContent()).toContain('已超期');
  const counts = supervisor.getByRole('row', { name: /市场监督管理/ }).first();
  expect(Number(await counts.locator('td').nth(1).textContent())).toBeGreaterThanOrEqual(1);
  await expectAccessible(supervisor);
  await keepScreenshot(supervisor, 'supervisor');
  await item.getByRole('link').click();
  await supervisor.waitForURL(`**/cases/${objectionId}`);
  await supervisor.getByText('异议受理期限').first().waitFor();
});

step('an agency checks a list of codes and downloads the answer as CSV', async () => {
  const agency = { id: randomUUID(), name: `南京页面测试征信服务有限公司${randomUUID().slice(0, 4)}`, uscc: newUscc() };
  await insertAgency(db, agency);
  const page = await open();
  await signIn(page, { role: '信用服务机构', search: agency.name, choiceLabel: '信用服务机构', choice: agency.uscc });
  await page.waitForURL('**/agency');
  const other = newUscc();
  const form = page.locator('form#list-check');
  await form.getByLabel('统一社会信用代码或身份证号（每行一个）').fill(`${org.uscc}\n${other}`);
  await form.getByLabel('查询用途').fill('招标投标资格审查');
  await form.getByRole('button', { name: '核查' }).click();
  await page.getByRole('row', { name: new RegExp(`${org.uscc}\\s+在名单内`) }).waitFor();
  await page.getByRole('row', { name: new RegExp(`${other}\\s+不在名单内`) }).waitFor();
  await expectAccessible(page);
  await keepScreenshot(page, 'agency');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果 (CSV)' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv).toContain(`${org.uscc},true,health_safety`);
  expect(csv).toContain(`${other},false`);
});

step('on a narrow screen the pages fit and stay accessible; /docs is Swagger UI with the signed-in token', async () => {
  const phone = await open({ narrow: true });
  await phone.goto(`${api.url}/public`);
  await phone.getByRole('cell', { name: org.name }).first().waitFor();
  expect(await overflowsHorizontally(phone)).toBe(false);
  await expectAccessible(phone);
  await signIn(phone, { role: '信用主体', search: org.name, choiceLabel: '信用主体', choice: org.uscc });
  await phone.waitForURL('**/subject');
  await phone.getByRole('link', { name: new RegExp(caseId.slice(0, 18)) }).click();
  await phone.getByText('已列入名单').first().waitFor();
  expect(await overflowsHorizontally(phone)).toBe(false);
  await expectAccessible(phone);

  await phone.goto(`${api.url}/docs`);
  await phone.locator('.opblock').first().waitFor();
  expect(await phone.evaluate(() => Object.keys((globalThis as any).ui.authSelectors.authorized().toJS()))).toEqual(['bearer']);
});

step('the subject authorises an agency to read its file (a wrong grantee explained on its field), sees it active, revokes it and sees it revoked', async () => {
  const agency = { id: randomUUID(), name: `南京授权测试征信服务有限公司${randomUUID().slice(0, 4)}`, uscc: newUscc() };
  await insertAgency(db, agency);
  await subject.goto(`${api.url}/subject`);
  await subject.getByRole('link', { name: '查询授权' }).click();
  await subject.getByRole('heading', { name: '查询授权' }).waitFor();
  const form = subject.locator('form#grant-authorisation');
  const granteeId = form.getByLabel('被授权方编号');
  const explained = form.locator('.ant-form-item-explain-error');
  await fillDate(form, '授权截止日期', daysAgo(-30));
  // Not an ID at all (the API's field error), then an ID no agency has (its refusal): each said on the field.
  await granteeId.fill('南京授权测试');
  await form.getByRole('button', { name: '授权查询' }).click();
  await explained.filter({ hasText: /uuid/i }).waitFor();
  await granteeId.fill(randomUUID());
  await form.getByRole('button', { name: '授权查询' }).click();
  await explained.filter({ hasText: /no credit service agency/ }).waitFor();
  await expectAccessible(subject);

  await granteeId.fill(agency.id);
  await form.getByRole('button', { name: '授权查询' }).click();
  const row = subject.getByRole('row', { name: new RegExp(agency.id) });
  await row.getByText('有效').waitFor();
  expect(await row.textContent()).toContain('全部信用信息');
  expect(await row.textContent()).toContain(daysAgo(-30));
  // The agency may read the file now.
  const agencyToken = await tokens.agency(agency.id);
  const read = await api.call('GET', `/api/v1/subjects/${org.id}/file?purpose=${encodeURIComponent('贷款审查')}`, { token: agencyToken });
  expect({ status: read.status, body: read.body }).toMatchObject({ status: 200, body: { authorisation: { status: 'active' } } });
  await expectAccessible(subject);

  await row.getByRole('button', { name: '撤销授权' }).click();
  await subject.locator('.ant-popover').getByRole('button', { name: '撤销授权' }).click();
  await row.getByText('已撤销').waitFor();
  expect(await row.getByRole('button', { name: '撤销授权' }).count()).toBe(0);
  expect((await api.call('GET', `/api/v1/subjects/${org.id}/file`, { token: agencyToken })).status).toBe(403);
  await expectAccessible(subject);
});

step('the subject downloads its credit report as a PDF; the verification code shown is the one anyone can check; the report lists its authorisations', async () => {
  await subject.getByRole('link', { name: '我的信用报告' }).click();
  await subject.getByRole('heading', { name: '我的信用报告' }).waitFor();
  const authorisations = subject.getByRole('region', { name: '查询授权' });
  await authorisations.getByText('已撤销').waitFor();
  const [download] = await Promise.all([subject.waitForEvent('download'), subject.getByRole('button', { name: '下载信用报告 (PDF)' }).click()]);
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const code = (await subject.getByTestId('verification-code').textContent())!;
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
  expect(download.suggestedFilename()).toBe(`credit-report-${code}.pdf`);
  const verified = await api.call('GET', `/api/v1/public/report-verification/${code}`);
  expect(verified.status).toBe(200);
  expect(verified.body).toMatchObject({ code, sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length });
  await expectAccessible(subject);
});

step('a supervisor sees an incident (a step whose data PostgreSQL refused), counted on the overdue page, listed with a link to its case', async () => {
  // An objection accepted through the API, then extended straight on Temporal, past the API's checks, with a NUL in
  // the reason: PostgreSQL refuses the step's write, for good.
  const wedged = await registerOrganisation(db, `南京故障测试商贸有限公司${randomUUID().slice(0, 4)}`);
  const record = await insertCreditRecord(db, wedged.id);
  const started = await api.call('POST', '/api/v1/objections', { token: await tokens.subject(wedged.id), body: { creditRecordId: record.id, grounds: 'error', reasons: '金额记载错误' } });
  expect(started.status).toBe(201);
  const wedgedId: string = started.body.id;
  expect((await api.call('POST', `/api/v1/objections/${wedgedId}/acceptance`, { token: await tokens.officer(), body: { accepted: true } })).status).toBe(200);
  const refused = await api.client.workflow.getHandle(wedgedId).executeUpdate(extendObjectionUpdate, { args: [{ actor: supervisorActor, workingDays: 5, reason: '理由\u0000无效字符' }] }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  await eventually(async () => {
    const listed = await api.call('GET', '/api/v1/supervision/incidents', { token: await tokens.supervisor() });
    expect(listed.body.items.map((i: any) => i.caseId)).toContain(wedgedId);
  }, 30_000);

  const supervisor = await open();
  await signIn(supervisor, { role: '监督人员', dept: '市场监督管理' });
  await supervisor.waitForURL('**/supervisor');
  await supervisor.getByRole('link', { name: /未处理的运行故障: \d+/ }).waitFor();
  await expectAccessible(supervisor);
  await supervisor.getByRole('navigation').getByRole('link', { name: '运行故障' }).click();
  await supervisor.getByRole('heading', { name: '未处理的运行故障' }).waitFor();
  const row = supervisor.getByRole('row', { name: new RegExp(wedgedId.slice(0, 18)) });
  await row.waitFor();
  for (const text of ['异议', '市场监督管理', '数据被拒绝（不再重试）', 'PostgreSQL refused a value', '否']) expect(await row.textContent()).toContain(text);
  expect(await row.textContent()).not.toContain('无效字符');
  await expectAccessible(supervisor);
  await row.getByRole('link').click();
  await supervisor.waitForURL(`**/cases/${wedgedId}`);
  await supervisor.getByText('核查中').first().waitFor();

  const phone = await open({ narrow: true });
  await signIn(phone, { role: '监督人员', dept: '市场监督管理' });
  await phone.waitForURL('**/supervisor');
  await phone.goto(`${api.url}/supervisor/incidents`);
  await phone.getByRole('row', { name: new RegExp(wedgedId.slice(0, 18)) }).waitFor();
  expect(await overflowsHorizontally(phone)).toBe(false);
  await expectAccessible(phone);
});

step('on a narrow screen the subject’s authorisations and report fit and stay accessible', async () => {
  const phone = await open({ narrow: true });
  await signIn(phone, { role: '信用主体', search: org.name, choiceLabel: '信用主体', choice: org.uscc });
  await phone.waitForURL('**/subject');
  for (const [link, heading] of [['查询授权', '查询授权'], ['我的信用报告', '我的信用报告']]) {
    await phone.getByRole('navigation').getByRole('link', { name: link }).click();
    await phone.getByRole('heading', { name: heading }).waitFor();
    await phone.getByRole('region', { name: '查询授权' }).getByText('已撤销').waitFor();
    expect(await overflowsHorizontally(phone)).toBe(false);
    await expectAccessible(phone);
  }
  const [download] = await Promise.all([phone.waitForEvent('download'), phone.getByRole('button', { name: '下载信用报告 (PDF)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^credit-report-.+\.pdf$/);
  await phone.getByTestId('verification-code').waitFor();
  expect(await overflowsHorizontally(phone)).toBe(false);
  await expectAccessible(phone);
});
