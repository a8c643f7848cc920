/** Officers' pages: the department's cases, registering a subject, a subject's file (records, new record, new case). */
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { BASIS_KINDS, CASE_TYPES, CATALOGUE_ITEMS, LIST_FIELD_CODES, MEASURE_CODES, RECORD_CATEGORIES, SEVERITIES, SUBJECT_KINDS, IDENTIFIER_TYPES } from '../../../shared/domain';
import { answer, api, ApiProblem } from '../api/client';
import { DataTable, LoadMore, PageTitle, ProblemAlert, showOnFields, useCursorPages } from '../components/common';
import { formatInstant } from '../format';
import { useI18n } from '../i18n';
import type { CaseView } from './case';
import { STATE_COLOURS } from '../components/colours';

/** The first deadline still running: what the table sorts by. */
export function nextDue(c: CaseView): string | undefined {
  return c.deadlines.filter((d) => ['pending', 'due_soon', 'overdue', 'suspended'].includes(d.state)).map((d) => d.dueAt).sort()[0];
}

export function CasesTable({ items, subjectColumn = true }: { items: CaseView[]; subjectColumn?: boolean }) {
  const { t, label } = useI18n();
  return (
    <DataTable<CaseView>
      label={t('case')}
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      locale={{ emptyText: t('nothing') }}
      columns={[
        { title: t('case'), dataIndex: 'id', render: (id: string) => <Link to={`/cases/${id}`}>{id.slice(0, 18)}…</Link> },
        { title: t('type'), dataIndex: 'type', render: (v: string) => label(v) },
        { title: t('status'), dataIndex: 'status', render: (v: string) => <Tag>{label(v)}</Tag> },
        ...(subjectColumn ? [{ title: t('subject'), dataIndex: 'subjectId', render: (v: string) => <Link to={`/officer/subjects/${v}`}>{v.slice(0, 8)}…</Link> }] : []),
        {
          title: t('nextDue'),
          key: 'due',
          defaultSortOrder: 'ascend' as const,
          sorter: (a: CaseView, b: CaseView) => (nextDue(a) ?? '9').localeCompare(nextDue(b) ?? '9'),
          render: (_: unknown, c: CaseView) => {
            const d = c.deadlines.find((x) => x.dueAt === nextDue(c));
            return d ? (
              <span>
                {formatInstant(d.dueAt)} <Tag color={STATE_COLOURS[d.state]}>{label(d.state)}</Tag>
              </span>
            ) : (
              '—'
            );
          },
        },
        { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
      ]}
    />
  );
}

export function OfficerCases() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<{ type?: (typeof CASE_TYPES)[number]; status?: string; dueBefore?: string }>({});
  const pages = useCursorPages(
    (cursor) => answer(api.GET('/api/v1/cases', { params: { query: { ...filters, cursor, limit: 50 } } })) as Promise<{ items: CaseView[]; nextCursor: string | null }>,
    filters,
  );
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Button type="primary" onClick={() => navigate('/officer/subjects/new')}>
              {t('registerSubject')}
            </Button>
            <Input.Search aria-label={t('openSubject')} placeholder={t('openSubject')} onSearch={(v) => v && navigate(`/officer/subjects/${v.trim()}`)} style={{ width: 260 }} />
          </Space>
        }
      >
        {t('officerCases')}
      </PageTitle>
      <Form
        layout="inline"
        aria-label={t('filter')}
        onFinish={(v: { type?: (typeof CASE_TYPES)[number]; status?: string; dueBefore?: Dayjs }) => setFilters({ type: v.type, status: v.status || undefined, dueBefore: v.dueBefore?.format('YYYY-MM-DD') })}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="type" label={t('type')}>
          <Select allowClear style={{ width: 160 }} options={CASE_TYPES.map((c) => ({ value: c, label: label(c) }))} />
        </Form.Item>
        <Form.Item name="status" label={t('status')}>
          <Select
            allowClear
            style={{ width: 180 }}
            options={['notice_issued', 'objection_window', 'awaiting_decision', 'decision_issued', 'listed', 'awaiting_acceptance', 'verifying'].map((s) => ({ value: s, label: label(s) }))}
          />
        </Form.Item>
        <Form.Item name="dueBefore" label={t('dueBefore')}>
          <DatePicker />
        </Form.Item>
        <Button htmlType="submit">{t('filter')}</Button>
      </Form>
      <ProblemAlert problem={pages.problem} />
      <CasesTable items={pages.items} />
      <LoadMore {...pages} />
    </>
  );
}

export function RegisterSubject() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function register(values: { kind: (typeof SUBJECT_KINDS)[number]; name: string; identifier: { type: (typeof IDENTIFIER_TYPES)[number]; value: string } }) {
    setBusy(true);
    setProblem(undefined);
    try {
      const subject = (await answer(api.POST('/api/v1/subjects', { body: values }))) as { id: string };
      void navigate(`/officer/subjects/${subject.id}`);
    } catch (err) {
      if (!showOnFields(form, err)) setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  const existing = problem instanceof ApiProblem && problem.code === 'duplicate_subject' ? (problem.details as { existingId?: string })?.existingId : undefined;
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('registerSubject')}</h1>} style={{ maxWidth: 640 }}>
      <Form form={form} layout="vertical" name="register-subject" onFinish={register} initialValues={{ kind: 'legal_person', identifier: { type: 'uscc' } }}>
        <Form.Item name="kind" label={t('subjectKind')} rules={[{ required: true }]}>
          <Select options={SUBJECT_KINDS.map((k) => ({ value: k, label: label(k) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name={['identifier', 'type']} label={t('identifierType')} rules={[{ required: true }]}>
          <Select options={IDENTIFIER_TYPES.map((k) => ({ value: k, label: label(k) }))} />
        </Form.Item>
        <Form.Item name={['identifier', 'value']} label={t('identifier')} rules={[{ required: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <ProblemAlert problem={problem} />
        {existing && (
          <Alert type="info" title={<Link to={`/officer/subjects/${existing}`}>{existing}</Link>} />
        )}
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 12 }}>
          {t('registerSubject')}
        </Button>
      </Form>
    </Card>
  );
}

type Subject = { id: string; kind: string; name: string; identifier: { type: string; value: string } };
type CreditRecord = { id: string; category: string; severity?: string; catalogueItem: string; state: string; content: string; department: string; basis?: { number: string } };

function RecordCredit({ subjectId, onRecorded }: { subjectId: string; onRecorded: () => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const category = Form.useWatch('category', form) as (typeof RECORD_CATEGORIES)[number] | undefined;
  async function record(v: any) {
    setBusy(true);
    setProblem(undefined);
    try {
      await answer(
        api.POST('/api/v1/credit-records', {
          body: { subjectId, category: v.category, severity: v.category === 'dishonest' ? v.severity : undefined, catalogueItem: v.catalogueItem, content: v.content, basis: { ...v.basis, effectiveOn: v.basis.effectiveOn.format('YYYY-MM-DD') } },
        }),
      );
      form.resetFields();
      onRecorded();
    } catch (err) {
      if (!showOnFields(form, err)) setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form form={form} layout="vertical" name="record-credit" onFinish={record} initialValues={{ category: 'dishonest', severity: 'general', catalogueItem: 'administrative_penalty', basis: { kind: 'administrative_penalty' } }}>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="category" label={t('category')} rules={[{ required: true }]}>
            <Select options={RECORD_CATEGORIES.map((c) => ({ value: c, label: label(c) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="severity" label={t('severity')}>
            <Select disabled={category !== 'dishonest'} options={SEVERITIES.map((c) => ({ value: c, label: label(c) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="catalogueItem" label={t('catalogueItem')} rules={[{ required: true }]}>
            <Select options={(CATALOGUE_ITEMS[category ?? 'dishonest'] as readonly string[]).map((c) => ({ value: c, label: label(c) }))} />
          </Form.Item>
        </Col>
      </Row>
      <BasisFields prefix={['basis']} />
      <Form.Item name="content" label={t('content')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <ProblemAlert problem={problem} />
      <Button htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
        {t('recordCredit')}
      </Button>
    </Form>
  );
}

function BasisFields({ prefix }: { prefix: Array<string | number> }) {
  const { t, label } = useI18n();
  return (
    <Row gutter={12}>
      <Col xs={24} sm={6}>
        <Form.Item name={[...prefix, 'kind']} label={t('basisKind')} rules={[{ required: true }]}>
          <Select options={BASIS_KINDS.map((c) => ({ value: c, label: label(c) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={6}>
        <Form.Item name={[...prefix, 'number']} label={t('basisNumber')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24} sm={6}>
        <Form.Item name={[...prefix, 'effectiveOn']} label={t('effectiveOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={6}>
        <Form.Item name={[...prefix, 'issuer']} label={t('issuer')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
      </Col>
    </Row>
  );
}

function StartInclusion({ subjectId }: { subjectId: string }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function start(v: any) {
    setBusy(true);
    setProblem(undefined);
    try {
      const started = await answer(
        api.POST('/api/v1/inclusion-cases', {
          body: {
            subjectId,
            actOn: v.actOn.format('YYYY-MM-DD'),
            field: v.field,
            measures: v.measures,
            basis: [{ ...v.basis, effectiveOn: v.basis.effectiveOn.format('YYYY-MM-DD') }],
            facts: v.facts,
            reasons: v.reasons,
            legalProvisions: String(v.legalProvisions).split('\n').map((l) => l.trim()).filter(Boolean),
          },
        }),
      );
      void navigate(`/cases/${started.id}`);
    } catch (err) {
      if (!showOnFields(form, err)) setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form form={form} layout="vertical" name="start-inclusion" onFinish={start} initialValues={{ basis: { kind: 'administrative_penalty' } }}>
      <Form.Item name="field" label={t('field')} rules={[{ required: true }]}>
        <Select options={LIST_FIELD_CODES.map((c) => ({ value: c, label: label(c) }))} />
      </Form.Item>
      <Form.Item name="measures" label={t('measures')} rules={[{ required: true }]}>
        <Select mode="multiple" options={MEASURE_CODES.map((c) => ({ value: c, label: label(c) }))} />
      </Form.Item>
      <BasisFields prefix={['basis']} />
      <Form.Item name="actOn" label={t('actOn')} rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="facts" label={t('facts')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="reasons" label={t('reasons')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="legalProvisions" label={t('legalProvisions')} rules={[{ required: true }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <ProblemAlert problem={problem} />
      <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
        {t('startInclusion')}
      </Button>
    </Form>
  );
}

export function SubjectFile() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const [subject, setSubject] = useState<Subject>();
  const [problem, setProblem] = useState<unknown>();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    answer(api.GET('/api/v1/subjects/{id}', { params: { path: { id } } })).then((s) => setSubject(s as Subject), setProblem);
  }, [id]);
  const records = useCursorPages(
    (cursor) => answer(api.GET('/api/v1/subjects/{id}/credit-records', { params: { path: { id }, query: { cursor, limit: 100 } } })) as Promise<{ items: CreditRecord[]; nextCursor: string | null }>,
    [id, version],
  );
  const cases = useCursorPages(
    (cursor) => answer(api.GET('/api/v1/cases', { params: { query: { subjectId: id, cursor, limit: 50 } } })) as Promise<{ items: CaseView[]; nextCursor: string | null }>,
    [id],
  );
  if (problem) return <ProblemAlert problem={problem} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle>
        {subject?.name ?? id} {subject && <Tag>{label(subject.kind)}</Tag>}
      </PageTitle>
      {subject && (
        <Alert type="info" title={`${label(subject.identifier.type)}: ${subject.identifier.value}`} description={subject.id} />
      )}
      <Card size="small" title={t('records')}>
        <ProblemAlert problem={records.problem} />
        <DataTable<CreditRecord>
          label={t('records')}
          rowKey="id"
          size="small"
          pagination={false}
            dataSource={records.items}
          locale={{ emptyText: t('nothing') }}
          columns={[
            { title: t('category'), dataIndex: 'category', render: (v: string, r) => `${label(v)}${r.severity ? ` · ${label(r.severity)}` : ''}` },
            { title: t('catalogueItem'), dataIndex: 'catalogueItem', render: (v: string) => label(v) },
            { title: t('content'), dataIndex: 'content' },
            { title: t('state'), dataIndex: 'state', render: (v: string) => <Tag>{label(v)}</Tag> },
          ]}
        />
        <LoadMore {...records} />
      </Card>
      <Card size="small" title={t('recordCredit')}>
        <RecordCredit subjectId={id} onRecorded={() => setVersion((v) => v + 1)} />
      </Card>
      <Card size="small" title={t('startInclusion')}>
        <StartInclusion subjectId={id} />
      </Card>
      <Card size="small" title={t('case')}>
        <CasesTable items={cases.items} subjectColumn={false} />
        <LoadMore {...cases} />
      </Card>
    </Space>
  );
}
