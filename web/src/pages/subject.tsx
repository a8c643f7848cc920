/** A subject's pages: its notices and decisions, its records (object, apply for repair), its own report (JSON and PDF). */
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Tag, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { answer, api, downloadCreditReport } from '../api/client';
import { DataTable, LoadMore, PageTitle, ProblemAlert, base64Of, useCursorPages } from '../components/common';
import { formatInstant } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { AuthorisationsTable, type Authorisation } from './authorisations';
import type { CaseView } from './case';
import { CasesTable } from './officer';

type CreditRecord = { id: string; category: string; severity?: string; catalogueItem: string; state: string; content: string; department: string };

async function evidenceOf(files: UploadFile[] | undefined) {
  return Promise.all((files ?? []).map(async (f) => ({ name: f.name, contentType: f.type || 'application/octet-stream', contentBase64: await base64Of(f.originFileObj as Blob) })));
}

const filesProps = { valuePropName: 'fileList', getValueFromEvent: (e: { fileList: UploadFile[] }) => e?.fileList };

/** Objecting to a record, or applying for its repair: the API says whether the record allows it. */
function RecordRequest({ record, kind, onClose }: { record: CreditRecord; kind: 'object' | 'applyRepair'; onClose: () => void }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function send(v: any) {
    setBusy(true);
    setProblem(undefined);
    try {
      const evidence = await evidenceOf(v.evidence);
      const started =
        kind === 'object'
          ? await answer(api.POST('/api/v1/objections', { body: { creditRecordId: record.id, grounds: v.grounds, reasons: v.reasons, evidence } }))
          : await answer(api.POST('/api/v1/repairs', { body: { creditRecordId: record.id, performance: v.performance, evidence, commitment: { accepted: true, text: v.commitment } } }));
      void navigate(`/cases/${started.id}`);
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={`${t(kind)} · ${label(record.catalogueItem)}`} onCancel={onClose} footer={null} destroyOnHidden>
      <Form layout="vertical" name={kind} onFinish={send} initialValues={{ grounds: 'error', commitment: t('commitmentDefault') }}>
        {kind === 'object' ? (
          <>
            <Form.Item name="grounds" label={t('grounds')} rules={[{ required: true }]}>
              <Select options={['error', 'omission', 'trade_secret', 'privacy'].map((g) => ({ value: g, label: label(g) }))} />
            </Form.Item>
            <Form.Item name="reasons" label={t('reasons')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="performance" label={t('performance')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="commitment" label={t('commitment')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        <Form.Item name="evidence" label={t('evidence')} {...filesProps}>
          <Upload multiple beforeUpload={() => false}>
            <Button>{t('chooseFiles')}</Button>
          </Upload>
        </Form.Item>
        <ProblemAlert problem={problem} />
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
          {t('submit')}
        </Button>
      </Form>
    </Modal>
  );
}

export function SubjectHome() {
  const { t, label } = useI18n();
  const session = useSession()!;
  const [request, setRequest] = useState<{ record: CreditRecord; kind: 'object' | 'applyRepair' }>();
  const cases = useCursorPages(
    (cursor) => answer(api.GET('/api/v1/cases', { params: { query: { cursor, limit: 50 } } })) as Promise<{ items: CaseView[]; nextCursor: string | null }>,
    [],
  );
  const records = useCursorPages(
    (cursor) => answer(api.GET('/api/v1/subjects/{id}/credit-records', { params: { path: { id: session.subjectId! }, query: { cursor, limit: 100 } } })) as Promise<{ items: CreditRecord[]; nextCursor: string | null }>,
    [session.subjectId],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle>{t('myCases')}</PageTitle>
      <ProblemAlert problem={cases.problem} />
      <CasesTable items={cases.items} subjectColumn={false} />
      <LoadMore {...cases} />
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('myRecords')}</h2>}>
        <ProblemAlert problem={records.problem} />
        <DataTable<CreditRecord>
          label={t('myRecords')}
          rowKey="id"
          size="small"
          pagination={false}
            dataSource={records.items}
          locale={{ emptyText: t('nothing') }}
          columns={[
            { title: t('category'), dataIndex: 'category', render: (v: string, r) => `${label(v)}${r.severity ? ` · ${label(r.severity)}` : ''}` },
            { title: t('content'), dataIndex: 'content' },
            { title: t('department'), dataIndex: 'department', render: (v: string) => label(v) },
            { title: t('state'), dataIndex: 'state', render: (v: string) => <Tag>{label(v)}</Tag> },
            {
              title: t('actions'),
              key: 'actions',
              render: (_: unknown, r) => (
                <Space wrap>
                  <Button size="small" onClick={() => setRequest({ record: r, kind: 'object' })}>
                    {t('object')}
                  </Button>
                  {r.category === 'dishonest' && (
                    <Button size="small" onClick={() => setRequest({ record: r, kind: 'applyRepair' })}>
                      {t('applyRepair')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
        <LoadMore {...records} />
      </Card>
      {request && <RecordRequest {...request} onClose={() => setRequest(undefined)} />}
    </Space>
  );
}

type Report = {
  subject: { name: string; identifier: { value: string } };
  records: Array<CreditRecord & { history: Array<{ change: string; reason?: string; at: string }> }>;
  listEntries: Array<{ field: string; includedOn: string; removalDueOn: string; removedOn?: string; measures: Array<{ code: string }> }>;
  cases: CaseView[];
  inquiries: Array<{ at: string; actor: string; role: string; department?: string; purpose: string; what: string }>;
  authorisations: Authorisation[];
};

/** The credit report as a PDF, saved by the browser; its verification code shown, with where anyone can check it. */
function ReportPdf() {
  const { t } = useI18n();
  const [code, setCode] = useState<string>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    setProblem(undefined);
    try {
      setCode(await downloadCreditReport());
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  const check = code && `/api/v1/public/report-verification/${code}`;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={download} loading={busy}>
        {t('downloadReport')}
      </Button>
      <ProblemAlert problem={problem} />
      {code && (
        <Alert
          type="success"
          showIcon
          title={<>{t('verificationCode')}: <strong data-testid="verification-code">{code}</strong></>}
          description={<>{t('verificationHint')}<a href={check} style={{ textDecoration: 'underline', overflowWrap: 'anywhere' }}>{check}</a></>}
        />
      )}
    </Space>
  );
}

export function SubjectReport() {
  const { t, label } = useI18n();
  const [report, setReport] = useState<Report>();
  const [problem, setProblem] = useState<unknown>();
  useEffect(() => {
    answer(api.GET('/api/v1/me/report')).then((r) => setReport(r as Report), setProblem);
  }, []);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle>{t('myReport')}</PageTitle>
      <ReportPdf />
      <ProblemAlert problem={problem} />
      {report && (
        <>
          <Card size="small" title={`${report.subject.name} · ${report.subject.identifier.value}`}>
            <DataTable
              label={t('records')}
              rowKey="id"
              size="small"
              pagination={false}
                    dataSource={report.records}
              columns={[
                { title: t('category'), dataIndex: 'category', render: (v: string) => label(v) },
                { title: t('content'), dataIndex: 'content' },
                { title: t('state'), dataIndex: 'state', render: (v: string) => <Tag>{label(v)}</Tag> },
                { title: t('events'), key: 'h', render: (_: unknown, r: Report['records'][number]) => r.history.map((h) => `${formatInstant(h.at)} ${h.change}`).join('; ') || '—' },
              ]}
            />
          </Card>
          <Card size="small" title={t('listEntries')}>
            <DataTable
              label={t('listEntries')}
              rowKey={(e) => `${e.field}-${e.includedOn}`}
              size="small"
              pagination={false}
                    dataSource={report.listEntries}
              locale={{ emptyText: t('nothing') }}
              columns={[
                { title: t('field'), dataIndex: 'field', render: (v: string) => label(v) },
                { title: t('includedOn'), dataIndex: 'includedOn' },
                { title: t('removalDueOn'), dataIndex: 'removalDueOn' },
                { title: t('measures'), dataIndex: 'measures', render: (m: Array<{ code: string }>) => m.map((x) => label(x.code)).join('；') },
              ]}
            />
          </Card>
          <Card size="small" title={t('authorisations')}>
            <AuthorisationsTable items={report.authorisations} />
          </Card>
          <Card size="small" title={t('inquiries')}>
            <DataTable
              label={t('inquiries')}
              rowKey={(i) => `${i.at}-${i.actor}-${i.what}`}
              size="small"
              pagination={{ pageSize: 20 }}
                    dataSource={report.inquiries}
              columns={[
                { title: t('date'), dataIndex: 'at', render: (v: string) => formatInstant(v) },
                { title: t('role'), dataIndex: 'role', render: (v: string) => label(v) },
                { title: t('department'), dataIndex: 'department', render: (v?: string) => label(v) },
                { title: t('purpose'), dataIndex: 'purpose' },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
