/**
 * A case, for whoever may see it: its status, deadlines (how each was computed, working days left on the official
 * calendar), documents (the PDFs), what happened, and the steps the API's `allowedActions` offers the caller.
 */
import { Alert, Button, Card, Descriptions, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { addDays, workingDaysBetween, type CalendarSnapshot } from '../../../shared/calendar';
import { answer, api, openDocument } from '../api/client';
import { DataTable, PageTitle, ProblemAlert } from '../components/common';
import { formatInstant, shanghaiToday } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { CaseActions, type CaseType } from './actions';
import { COLOURS, STATE_COLOURS } from '../components/colours';

/** A case as every case route returns it (the OpenAPI document's CaseView). */
export type CaseView = NonNullable<Awaited<ReturnType<typeof fetchCase>>>;
type Deadline = CaseView['deadlines'][number];

export function caseTypeOf(id: string): CaseType | undefined {
  const prefix = id.split('-')[0];
  return (['inclusion', 'objection', 'repair', 'revocation'] as const).find((t) => t === prefix);
}

function fetchCase(type: CaseType, id: string) {
  const p = { params: { path: { id } } };
  switch (type) {
    case 'inclusion':
      return answer(api.GET('/api/v1/inclusion-cases/{id}', p));
    case 'objection':
      return answer(api.GET('/api/v1/objections/{id}', p));
    case 'repair':
      return answer(api.GET('/api/v1/repairs/{id}', p));
    case 'revocation':
      return answer(api.GET('/api/v1/revocations/{id}', p));
  }
}


/** The official calendar (as the API serves it) of the years from today to the last due date. */
function useCalendar(untilDate: string | undefined): CalendarSnapshot | undefined {
  const [snapshot, setSnapshot] = useState<CalendarSnapshot>();
  useEffect(() => {
    if (!untilDate) return;
    const first = Number(shanghaiToday().slice(0, 4));
    const last = Math.max(first, Number(untilDate.slice(0, 4)));
    const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    Promise.all(years.map((year) => answer(api.GET('/api/v1/calendar', { params: { query: { year } } }))))
      .then((calendars) => {
        const overrides: Record<string, boolean> = {};
        for (const c of calendars as Array<{ version: number; days: Array<{ date: string; workday: boolean }> }>) for (const d of c.days) overrides[d.date] = d.workday;
        setSnapshot({ version: 0, overrides });
      })
      .catch(() => setSnapshot(undefined));
  }, [untilDate]);
  return snapshot;
}

/** Working days from today to the due date, today included when it is one. */
function workingDaysLeft(d: Deadline, calendar: CalendarSnapshot | undefined): number | undefined {
  if (!calendar || d.state === 'met' || d.state === 'cancelled') return undefined;
  const today = shanghaiToday();
  return d.dueDate < today ? 0 : workingDaysBetween(addDays(today, -1), d.dueDate, calendar);
}

function Deadlines({ deadlines }: { deadlines: Deadline[] }) {
  const { t, label } = useI18n();
  const calendar = useCalendar(deadlines.map((d) => d.dueDate).sort().at(-1));
  return (
    <DataTable<Deadline>
      label={t('deadlines')}
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={deadlines}
      columns={[
        { title: t('deadlines'), dataIndex: 'kind', render: (k: string) => label(k) },
        { title: t('state'), dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLOURS[s]}>{label(s)}</Tag> },
        // A deadline ends at 24:00 of its last day, as the documents say.
        { title: t('dueAt'), dataIndex: 'dueDate', render: (v: string) => `${v} 24:00` },
        { title: t('workingDaysLeft'), key: 'left', render: (_: unknown, d) => workingDaysLeft(d, calendar) ?? '—' },
        {
          title: t('computedAs'),
          key: 'how',
          render: (_: unknown, d) => (
            <Typography.Text style={{ fontSize: 12 }}>
              {d.rule} · {d.workingDays} {t('workingDays')} · {t('from')} {label(d.startsFrom.event)} {formatInstant(d.startsFrom.at)}
              {d.suspendedWorkingDays ? ` · +${d.suspendedWorkingDays} (${label('suspended')})` : ''}
              {d.extension ? ` · +${d.extension.workingDays} (${label('extend')}: ${d.extension.reason})` : ''}
              {` · v${d.timeLimitsVersion}/${d.calendarVersion}`}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

function Documents({ documents }: { documents: CaseView['documents'] }) {
  const { t, label } = useI18n();
  const [problem, setProblem] = useState<unknown>();
  return (
    <>
      <ProblemAlert problem={problem} />
      <DataTable
        label={t('documents')}
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={documents}
        columns={[
          { title: t('document'), dataIndex: 'kind', render: (k: string) => label(k) },
          { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
          { title: t('served'), key: 'served', render: (_: unknown, d) => (d.servedAt ? `${formatInstant(d.servedAt)} ${label(d.serviceMethod)}` : '—') },
          { title: t('acknowledged'), dataIndex: 'acknowledgedAt', render: (v?: string) => formatInstant(v) || '—' },
          {
            title: 'PDF',
            key: 'pdf',
            render: (_: unknown, d) => (
              <Button size="small" onClick={() => openDocument(d.id).catch(setProblem)} aria-label={`${t('openPdf')}: ${label(d.kind)}`}>
                {t('openPdf')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

/** What the inclusion case says about statements and the decision. */
function InclusionDetails({ details }: { details: Record<string, any> }) {
  const { t, label } = useI18n();
  const statements = (details.statements ?? []) as Array<{ id: string; submittedAt: string; text: string; evidence?: Array<{ name: string }>; feedback?: { accepted: boolean; text: string } }>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {statements.map((s) => (
        <Card key={s.id} size="small" title={`${label('submit_statement')} · ${formatInstant(s.submittedAt)}`}>
          <Typography.Paragraph>{s.text}</Typography.Paragraph>
          {s.evidence?.length ? <Typography.Paragraph type="secondary">{t('evidence')}: {s.evidence.map((e) => e.name).join(', ')}</Typography.Paragraph> : null}
          {s.feedback && (
            <Typography.Paragraph>
              {label('feedback')}: <Tag>{s.feedback.accepted ? t('yes') : t('no')}</Tag> {s.feedback.text}
            </Typography.Paragraph>
          )}
        </Card>
      ))}
      {details.decision && (
        <Alert
          type={details.decision.outcome === 'include' ? 'warning' : 'success'}
          title={`${label('decision')}: ${label(details.decision.outcome)} · ${formatInstant(details.decision.at)}`}
          description={details.decision.reasons}
        />
      )}
      {details.listEntry && (
        <Alert type="info" title={`${t('includedOn')} ${details.listEntry.includedOn} · ${t('removalDueOn')} ${details.listEntry.removalDueOn}`} />
      )}
    </Space>
  );
}

export function CasePage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const session = useSession();
  const type = caseTypeOf(id);
  const [view, setView] = useState<CaseView>();
  const [problem, setProblem] = useState<unknown>();

  const load = useCallback(() => {
    if (!type) return;
    fetchCase(type, id).then(setView, setProblem);
  }, [type, id]);
  useEffect(load, [load]);
  // The process also moves on by itself (a served decision lists the subject, a period ends): while the page is in
  // view, it reads the case again every few seconds.
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && load(), 3000);
    return () => clearInterval(timer);
  }, [load]);

  if (!type) return <ProblemAlert problem={new Error(`${id}: not a case`)} />;
  if (problem && !view) return <ProblemAlert problem={problem} />;
  if (!view) return <Spin />;
  const window = view.deadlines.find((d) => d.kind === 'statement_window');
  const windowClosed = session?.role === 'subject' && type === 'inclusion' && window && ['objection_window', 'awaiting_decision'].includes(view.status) && !view.allowedActions.includes('submit_statement');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle extra={<Button onClick={load}>↻</Button>}>
        {label(view.type)} · <Tag color={COLOURS.navy}>{label(view.status)}</Tag>
      </PageTitle>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('case')}>{view.id}</Descriptions.Item>
        <Descriptions.Item label={t('department')}>{label(view.department)}</Descriptions.Item>
        <Descriptions.Item label={t('subject')}>
          {session?.role === 'subject' ? view.subjectId : <Link to={`/officer/subjects/${view.subjectId}`}>{view.subjectId}</Link>}
        </Descriptions.Item>
        <Descriptions.Item label={t('createdAt')}>{formatInstant(view.createdAt)}</Descriptions.Item>
        {view.handler && <Descriptions.Item label={t('handler')}>{view.handler}</Descriptions.Item>}
      </Descriptions>
      <Card title={t('actions')} size="small">
        {windowClosed && <Alert type="info" showIcon title={t('statementClosed')} description={`${label(window.kind)}: ${formatInstant(window.dueAt)}`} style={{ marginBottom: 12 }} />}
        {view.allowedActions.length === 0 ? (
          <Typography.Text type="secondary">{t('noActions')}</Typography.Text>
        ) : (
          <CaseActions type={type} caseView={view} allowed={view.allowedActions} onDone={(after) => setView(after as CaseView)} />
        )}
      </Card>
      <Card title={t('deadlines')} size="small">
        <Deadlines deadlines={view.deadlines} />
      </Card>
      <Card title={t('documents')} size="small">
        <Documents documents={view.documents} />
      </Card>
      {type === 'inclusion' && <InclusionDetails details={view.details} />}
      <Card title={t('events')} size="small">
        <Timeline
          items={view.events.map((e) => ({
            key: e.seq,
            content: (
              <span>
                {formatInstant(e.at)} · {label(e.action)} · {e.actor}
              </span>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
