/** Supervisors' pages: overdue and due-soon items with counts per department, incidents, and the working-day calendar. */
import { Alert, Button, Card, DatePicker, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { answer, api } from '../api/client';
import { DataTable, LoadMore, PageTitle, ProblemAlert, useCursorPages } from '../components/common';
import { formatDuration, formatInstant, shanghaiToday } from '../format';
import { useI18n } from '../i18n';
import { COLOURS, STATE_COLOURS } from '../components/colours';

type Item = { caseId: string; type: string; department: string; handler?: string; deadline: { id: string; kind: string; state: string }; dueAt: string; overdueBy?: string; escalations: unknown[]; link?: string };
type Summary = { deadlines: Array<{ department: string; type: string; state: string; count: number }>; escalations: Array<{ department: string; raised: number; open: number }> };
type ItemType = 'inclusion' | 'objection' | 'revocation' | 'repair' | 'agency_notice';

function CountsPerDepartment() {
  const { t, label } = useI18n();
  const [summary, setSummary] = useState<Summary>();
  const [problem, setProblem] = useState<unknown>();
  useEffect(() => {
    answer(api.GET('/api/v1/supervision/summary', { params: { query: {} } })).then((s) => setSummary(s as Summary), setProblem);
  }, []);
  const rows = useMemo(() => {
    const byDept = new Map<string, { department: string; overdue: number; due_soon: number; escalations: number }>();
    const row = (department: string) => byDept.get(department) ?? byDept.set(department, { department, overdue: 0, due_soon: 0, escalations: 0 }).get(department)!;
    for (const d of summary?.deadlines ?? []) if (d.state === 'overdue' || d.state === 'due_soon') row(d.department)[d.state] += d.count;
    for (const e of summary?.escalations ?? []) row(e.department).escalations += e.open;
    return [...byDept.values()];
  }, [summary]);
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('countsPerDepartment')}</h2>}>
      <ProblemAlert problem={problem} />
      <DataTable
        label={t('countsPerDepartment')}
        rowKey="department"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('nothing') }}
        columns={[
          { title: t('department'), dataIndex: 'department', render: (v: string) => label(v) },
          { title: label('overdue'), dataIndex: 'overdue', render: (v: number) => <Tag color={v ? COLOURS.red : undefined}>{v}</Tag> },
          { title: label('due_soon'), dataIndex: 'due_soon' },
          { title: t('escalations'), dataIndex: 'escalations' },
        ]}
      />
    </Card>
  );
}

type Incident = { caseId: string; type: string; department?: string; kind: string; retrying: boolean; activity?: string; error: string; code?: string; attempts: number; since: string; lastFailedAt: string; link?: string };

const incidents = () => answer(api.GET('/api/v1/supervision/incidents', { params: { query: {} } })) as Promise<{ items: Incident[] }>;

/** How many incidents are open, linking to them; nothing when there are none. */
function IncidentCount() {
  const { t } = useI18n();
  const [count, setCount] = useState(0);
  useEffect(() => {
    incidents().then((r) => setCount(r.items.length), () => setCount(0));
  }, []);
  if (!count) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={
        <Link to="/supervisor/incidents" style={{ textDecoration: 'underline' }}>
          {t('openIncidents')}: {count}
        </Link>
      }
    />
  );
}

/** Cases whose work is failing (the API's open incidents, newest first), each linking to its case. */
export function SupervisorIncidents() {
  const { t, label } = useI18n();
  const pages = useCursorPages(() => incidents(), []);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle>{t('openIncidents')}</PageTitle>
      <ProblemAlert problem={pages.problem} />
      <DataTable<Incident>
        label={t('openIncidents')}
        rowKey={(i) => `${i.caseId}/${i.kind}/${i.activity ?? ''}`}
        dataSource={pages.items}
        locale={{ emptyText: t('nothing') }}
        columns={[
          { title: t('case'), dataIndex: 'caseId', render: (id: string, i) => (i.link ? <Link to={`/cases/${id}`}>{id.slice(0, 18)}…</Link> : id) },
          { title: t('type'), dataIndex: 'type', render: (v: string) => label(v) },
          { title: t('department'), dataIndex: 'department', render: (v?: string) => label(v) },
          { title: t('activity'), dataIndex: 'activity', render: (v?: string) => v ?? '—' },
          { title: t('kind'), dataIndex: 'kind', render: (v: string) => <Tag color={v === 'data_refused' ? COLOURS.red : COLOURS.orange}>{label(v)}</Tag> },
          { title: t('errorText'), dataIndex: 'error', render: (v: string, i) => (i.code && !v.includes(i.code) ? `${v} (${i.code})` : v) },
          { title: t('since'), dataIndex: 'since', render: (v: string) => formatInstant(v) },
          { title: t('retrying'), dataIndex: 'retrying', render: (v: boolean, i) => (v ? `${t('yes')} (${i.attempts})` : t('no')) },
        ]}
      />
    </Space>
  );
}

export function SupervisorOverdue() {
  const { t, label, lang } = useI18n();
  const [state, setState] = useState<'overdue' | 'due_soon' | undefined>('overdue');
  const [type, setType] = useState<ItemType>();
  const pages = useCursorPages(
    (cursor) => answer(api.GET('/api/v1/supervision/overdue', { params: { query: { state, type, cursor, limit: 50 } } })) as Promise<{ items: Item[]; nextCursor: string | null }>,
    [state, type],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle>{t('overdue')}</PageTitle>
      <IncidentCount />
      <CountsPerDepartment />
      <Space wrap>
        <Radio.Group
          aria-label={t('state')}
          value={state ?? 'all'}
          onChange={(e) => setState(e.target.value === 'all' ? undefined : e.target.value)}
          optionType="button"
          options={[
            { value: 'overdue', label: label('overdue') },
            { value: 'due_soon', label: label('due_soon') },
            { value: 'all', label: t('allStates') },
          ]}
        />
        <Select aria-label={t('type')} placeholder={t('type')} allowClear style={{ width: 180 }} value={type} onChange={setType} options={(['inclusion', 'objection', 'revocation', 'repair', 'agency_notice'] as const).map((c) => ({ value: c, label: label(c) }))} />
      </Space>
      <ProblemAlert problem={pages.problem} />
      <DataTable<Item>
        label={t('overdue')}
        rowKey={(i) => `${i.caseId}/${i.deadline.id}`}
        size="small"
        pagination={false}
        dataSource={pages.items}
        locale={{ emptyText: t('nothing') }}
        columns={[
          { title: t('dueAt'), dataIndex: 'dueAt', render: (v: string) => formatInstant(v) },
          { title: t('state'), key: 'state', render: (_: unknown, i) => <Tag color={STATE_COLOURS[i.deadline.state]}>{label(i.deadline.state)}</Tag> },
          { title: t('overdueBy'), dataIndex: 'overdueBy', render: (v?: string) => (v ? formatDuration(v, lang) : '—') },
          { title: t('type'), dataIndex: 'type', render: (v: string) => label(v) },
          { title: t('deadlines'), key: 'kind', render: (_: unknown, i) => label(i.deadline.kind) },
          { title: t('department'), dataIndex: 'department', render: (v: string) => label(v) },
          { title: t('case'), dataIndex: 'caseId', render: (id: string, i) => (i.link ? <Link to={`/cases/${id}`}>{id.slice(0, 18)}…</Link> : id) },
          { title: t('handler'), dataIndex: 'handler' },
          { title: t('escalations'), dataIndex: 'escalations', render: (e: unknown[]) => e.length },
        ]}
      />
      <LoadMore {...pages} />
    </Space>
  );
}

type Day = { date: string; workday: boolean; note?: string; source?: string };
type Year = { year: number; version: number; source: string; document?: string; publishedOn?: string; days: Day[] };

const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

export function SupervisorCalendar() {
  const { t, label } = useI18n();
  const [year, setYear] = useState(Number(shanghaiToday().slice(0, 4)));
  const [calendar, setCalendar] = useState<Year>();
  const [problem, setProblem] = useState<unknown>();
  const [changeProblem, setChangeProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const load = () => {
    answer(api.GET('/api/v1/calendar', { params: { query: { year } } })).then((c) => setCalendar(c as typeof calendar), setProblem);
  };
  useEffect(load, [year]);
  // The days that differ from Monday to Friday, or carry a note: holidays, make-up working days.
  const special = (calendar?.days ?? []).filter((d) => d.workday === weekend(d.date) || d.note);

  async function change(v: { date: Dayjs; workday: boolean; note: string }) {
    setBusy(true);
    setChangeProblem(undefined);
    try {
      await answer(api.PUT('/api/v1/calendar/{date}', { params: { path: { date: v.date.format('YYYY-MM-DD') } }, body: { workday: v.workday, note: v.note } }));
      load();
    } catch (err) {
      setChangeProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle
        extra={
          <Select aria-label={t('year')} value={year} onChange={setYear} style={{ width: 120 }} options={[year - 1, year, year + 1].map((y) => ({ value: y, label: String(y) }))} />
        }
      >
        {t('calendar')} {year}
      </PageTitle>
      <ProblemAlert problem={problem} />
      {calendar?.source === 'provisional' && <Alert type="warning" showIcon title={t('provisionalYear')} />}
      <Typography.Text type="secondary">
        v{calendar?.version} · {label(calendar?.source)} {calendar?.document ?? ''} {calendar?.publishedOn ?? ''}
      </Typography.Text>
      <DataTable<Day>
        label={t('calendar')}
        rowKey="date"
        size="small"
        pagination={{ pageSize: 40 }}
        dataSource={special}
        locale={{ emptyText: t('nothing') }}
        columns={[
          { title: t('date'), dataIndex: 'date' },
          { title: t('type'), dataIndex: 'workday', render: (w: boolean, d) => (<span><Tag color={w ? COLOURS.blue : COLOURS.red}>{w ? t('workday') : t('holiday')}</Tag>{d.source === 'provisional' && <Tag color={COLOURS.orange}>{t('provisional')}</Tag>}</span>) },
          { title: t('note'), dataIndex: 'note' },
          { title: 'source', dataIndex: 'source', render: (v?: string) => label(v) },
        ]}
      />
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('changeDay')}</h2>}>
        <Form layout="inline" name="change-day" onFinish={change} initialValues={{ workday: false }} style={{ rowGap: 8 }}>
          <Form.Item name="date" label={t('date')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="workday" label={t('type')}>
            <Radio.Group options={[{ value: true, label: t('workday') }, { value: false, label: t('holiday') }]} />
          </Form.Item>
          <Form.Item name="note" label={t('note')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('submit')}
          </Button>
        </Form>
        <ProblemAlert problem={changeProblem} />
      </Card>
      <ImportYear year={year} onImported={load} />
    </Space>
  );
}

const dates = (text: string | undefined) => (text ?? '').split(/[\s,，、]+/).map((d) => d.trim()).filter(Boolean);

/** A year's published arrangement (holidays and make-up working days); the API answers what changed and what moved. */
function ImportYear({ year, onImported }: { year: number; onImported: () => void }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<unknown>();
  const [answerOf, setAnswerOf] = useState<{ changedDays: unknown[]; moved: unknown }>();
  const [busy, setBusy] = useState(false);
  async function send(v: { holidays?: string; workdays?: string; document: string; publishedOn: Dayjs }) {
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await answer(
        api.PUT('/api/v1/calendar/years/{year}', {
          params: { path: { year: String(year) } },
          body: { holidays: dates(v.holidays), workdays: dates(v.workdays), source: { document: v.document, publishedOn: v.publishedOn.format('YYYY-MM-DD') } },
        }),
      );
      setAnswerOf(result as typeof answerOf);
      onImported();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  const moved = answerOf?.moved;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('importYear')} {year}</h2>}>
      <Form layout="vertical" name="import-year" onFinish={send}>
        <Form.Item name="holidays" label={t('holidays')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="workdays" label={t('workdays')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="document" label={t('sourceDocument')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="publishedOn" label={t('publishedOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <ProblemAlert problem={problem} />
        <Button htmlType="submit" loading={busy}>
          {t('importYear')}
        </Button>
      </Form>
      {answerOf && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          title={`${t('changedDays')}: ${answerOf.changedDays.length} · ${t('movedDeadlines')}: ${Array.isArray(moved) ? moved.length : typeof moved === 'number' ? moved : JSON.stringify(moved)}`}
        />
      )}
    </Card>
  );
}
