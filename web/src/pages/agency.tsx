/** Agencies' pages: list checks (paste or upload identifiers, download the answer as CSV) and stop-use notices. */
import { Button, Card, Form, Input, Space, Tag, Upload } from 'antd';
import { useState } from 'react';
import { answer, api } from '../api/client';
import { DataTable, LoadMore, PageTitle, ProblemAlert, useCursorPages } from '../components/common';
import { formatInstant } from '../format';
import { COLOURS } from '../components/colours';
import { useI18n } from '../i18n';

type Entry = { field: string; includedOn: string; removalDueOn: string; department: string; measures: string[] };
type Check = { checkedAt: string; measures: Record<string, string>; results: Array<{ identifier: string; listed: boolean; entries: Entry[] }> };

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The answer as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese right). */
export function checkCsv(check: Check): string {
  const lines = [['identifier', 'listed', 'field', 'included_on', 'removal_due_on', 'department', 'measures'].join(',')];
  for (const r of check.results) {
    const entries = r.entries.length ? r.entries : [undefined];
    for (const e of entries) {
      lines.push([r.identifier, String(r.listed), e?.field ?? '', e?.includedOn ?? '', e?.removalDueOn ?? '', e?.department ?? '', (e?.measures ?? []).join(' ')].map(csvCell).join(','));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function AgencyListCheck() {
  const { t, label } = useI18n();
  const [form] = Form.useForm();
  const [check, setCheck] = useState<Check>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function run(v: { identifiers: string; purpose: string }) {
    setBusy(true);
    setProblem(undefined);
    try {
      const identifiers = v.identifiers.split(/[\s,;，；]+/).map((s) => s.trim()).filter(Boolean);
      setCheck((await answer(api.POST('/api/v1/list-checks', { body: { identifiers, purpose: v.purpose } }))) as Check);
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  function download() {
    if (!check) return;
    const url = URL.createObjectURL(new Blob([checkCsv(check)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `list-check-${check.checkedAt.replace(/[:.]/g, '-')}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle>{t('listCheck')}</PageTitle>
      <Card size="small">
        <Form form={form} layout="vertical" name="list-check" onFinish={run}>
          <Form.Item name="identifiers" label={t('identifiers')} rules={[{ required: true }]}>
            <Input.TextArea rows={6} />
          </Form.Item>
          <Upload
            accept=".txt,.csv"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((text) => form.setFieldValue('identifiers', [form.getFieldValue('identifiers'), text].filter(Boolean).join('\n')));
              return false;
            }}
          >
            <Button>{t('uploadFile')}</Button>
          </Upload>
          <Form.Item name="purpose" label={t('purpose')} rules={[{ required: true }]} style={{ marginTop: 12 }}>
            <Input />
          </Form.Item>
          <ProblemAlert problem={problem} />
          <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
            {t('check')}
          </Button>
        </Form>
      </Card>
      {check && (
        <Card size="small" title={formatInstant(check.checkedAt)} extra={<Button onClick={download}>{t('downloadCsv')}</Button>}>
          <DataTable
            label={t('listCheck')}
            rowKey="identifier"
            size="small"
            pagination={{ pageSize: 50 }}
                dataSource={check.results}
            columns={[
              { title: t('identifier'), dataIndex: 'identifier' },
              { title: t('state'), dataIndex: 'listed', render: (v: boolean) => <Tag color={v ? COLOURS.red : COLOURS.green}>{v ? t('listed') : t('notListed')}</Tag> },
              { title: t('field'), key: 'field', render: (_: unknown, r: Check['results'][number]) => r.entries.map((e) => label(e.field)).join('；') },
              { title: t('measures'), key: 'm', render: (_: unknown, r: Check['results'][number]) => r.entries.flatMap((e) => e.measures.map((m) => label(m))).join('；') },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

type Notice = { id: string; reason: string; dueAt: string; acknowledgedAt: string | null; overdue: boolean; record: { id: string }; subject: { id: string; name?: string; identifier: string } };

export function AgencyNotices() {
  const { t, label } = useI18n();
  const [problem, setProblem] = useState<unknown>();
  const pages = useCursorPages(
    (cursor) => answer(api.GET('/api/v1/agency-notices', { params: { query: { cursor, limit: 100 } } })) as Promise<{ items: Notice[]; nextCursor: string | null }>,
    [],
  );
  async function acknowledge(id: string) {
    setProblem(undefined);
    try {
      await answer(api.POST('/api/v1/agency-notices/{id}/acknowledgement', { params: { path: { id } } }));
      await pages.reload();
    } catch (err) {
      setProblem(err);
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle>{t('notices')}</PageTitle>
      <ProblemAlert problem={pages.problem ?? problem} />
      <DataTable<Notice>
        label={t('notices')}
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={pages.items}
        locale={{ emptyText: t('nothing') }}
        columns={[
          { title: t('subject'), key: 's', render: (_: unknown, n) => `${n.subject.name ?? ''} ${n.subject.identifier}` },
          { title: t('reason'), dataIndex: 'reason', render: (v: string) => label(v) },
          { title: t('dueAt'), dataIndex: 'dueAt', render: (v: string, n) => <span>{formatInstant(v)} {n.overdue && <Tag color={COLOURS.red}>{label('overdue')}</Tag>}</span> },
          {
            title: t('acknowledged'),
            key: 'ack',
            render: (_: unknown, n) => (n.acknowledgedAt ? formatInstant(n.acknowledgedAt) : <Button size="small" onClick={() => acknowledge(n.id)}>{t('acknowledge')}</Button>),
          },
        ]}
      />
      <LoadMore {...pages} />
    </Space>
  );
}
