/** A subject's authorisations to read its file (JS Art 39, 62(3)): listed with their state, granted, revoked. */
import { Button, Card, Checkbox, DatePicker, Form, Input, Popconfirm, Radio, Space, Switch, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { RECORD_CATEGORIES } from '../../../shared/domain';
import { answer, api, ApiProblem } from '../api/client';
import { COLOURS } from '../components/colours';
import { DataTable, LoadMore, PageTitle, ProblemAlert, showOnFields, useCursorPages } from '../components/common';
import { formatInstant } from '../format';
import { useI18n } from '../i18n';

export type Authorisation = {
  id: string;
  grantee: { type: 'agency'; id: string } | { type: 'person'; subjectId: string };
  scope: { records: 'all' | string[]; consentOnly: boolean };
  until: string;
  status: 'active' | 'expired' | 'revoked';
  createdAt: string;
  revokedAt?: string;
};

const STATUS_COLOURS: Record<Authorisation['status'], string> = { active: COLOURS.green, expired: COLOURS.grey, revoked: COLOURS.red };

/** The authorisations as a table; with `onRevoke`, an active one can be revoked after a confirmation. */
export function AuthorisationsTable({ items, onRevoke }: { items: Authorisation[]; onRevoke?: (a: Authorisation) => Promise<void> }) {
  const { t, label } = useI18n();
  return (
    <DataTable<Authorisation>
      label={t('authorisations')}
      rowKey="id"
      dataSource={items}
      locale={{ emptyText: t('nothing') }}
      columns={[
        { title: t('grantee'), key: 'grantee', render: (_: unknown, a) => `${label(a.grantee.type)} ${a.grantee.type === 'agency' ? a.grantee.id : a.grantee.subjectId}` },
        {
          title: t('scope'),
          key: 'scope',
          render: (_: unknown, a) =>
            `${a.scope.records === 'all' ? t('allRecords') : a.scope.records.map((c) => label(c)).join('、')}${a.scope.consentOnly ? ` · ${t('consentOnly')}` : ''}`,
        },
        { title: t('period'), key: 'period', render: (_: unknown, a) => `${formatInstant(a.createdAt)} – ${formatInstant(a.revokedAt ?? a.until)}` },
        { title: t('state'), dataIndex: 'status', render: (v: Authorisation['status']) => <Tag color={STATUS_COLOURS[v]}>{label(v)}</Tag> },
        ...(onRevoke
          ? [
              {
                title: t('actions'),
                key: 'actions',
                render: (_: unknown, a: Authorisation) =>
                  a.status === 'active' && (
                    <Popconfirm title={t('revokeConfirm')} okText={t('revoke')} cancelText={t('cancel')} onConfirm={() => onRevoke(a)}>
                      <Button size="small" danger>
                        {t('revoke')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}

type GrantValues = {
  grantee: { type: 'agency'; id: string } | { type: 'person'; subjectId: string };
  scope: { records: string[]; consentOnly: boolean };
  until: Dayjs;
};

/** The form's field that names the grantee: an agency's `id`, a person's `subjectId` (as the API's body has them). */
const granteeField = (type: string | undefined): ['grantee', 'id' | 'subjectId'] => ['grantee', type === 'person' ? 'subjectId' : 'id'];

function GrantForm({ onGranted }: { onGranted: () => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<GrantValues>();
  const type = Form.useWatch(['grantee', 'type'], form);
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function send(v: GrantValues) {
    setBusy(true);
    setProblem(undefined);
    try {
      await answer(
        api.POST('/api/v1/me/authorisations', {
          body: {
            grantee: v.grantee.type === 'agency' ? { type: 'agency', id: v.grantee.id.trim() } : { type: 'person', subjectId: v.grantee.subjectId.trim() },
            scope: { records: v.scope.records.length === RECORD_CATEGORIES.length ? 'all' : (v.scope.records as (typeof RECORD_CATEGORIES)[number][]), consentOnly: v.scope.consentOnly },
            // To the end of the chosen day in Asia/Shanghai.
            until: `${v.until.format('YYYY-MM-DD')}T23:59:59+08:00`,
          },
        }),
      );
      form.resetFields();
      onGranted();
    } catch (err) {
      // The API's refusals that concern one field are shown on it, like its field errors.
      if (err instanceof ApiProblem && err.code === 'unknown_grantee') form.setFields([{ name: granteeField(v.grantee.type), errors: [err.message] }]);
      else if (err instanceof ApiProblem && err.code === 'invalid_authorisation') form.setFields([{ name: 'until', errors: [err.message] }]);
      else if (!showOnFields(form, err)) setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('grantAuthorisation')}</h2>}>
      <Form form={form} layout="vertical" name="grant-authorisation" onFinish={send} initialValues={{ grantee: { type: 'agency' }, scope: { records: [...RECORD_CATEGORIES], consentOnly: false } }}>
        <Form.Item name={['grantee', 'type']} label={t('granteeType')}>
          <Radio.Group options={(['agency', 'person'] as const).map((g) => ({ value: g, label: label(g) }))} />
        </Form.Item>
        <Form.Item key={type} name={granteeField(type)} label={t('granteeId')} extra={t('granteeIdHint')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        {/* None chosen: the API's own field error says at least one (a required mark would put aria-required on a plain group). */}
        <Form.Item name={['scope', 'records']} label={t('recordsInScope')}>
          <Checkbox.Group role="group" aria-label={t('recordsInScope')} options={RECORD_CATEGORIES.map((c) => ({ value: c, label: label(c) }))} />
        </Form.Item>
        <Form.Item name={['scope', 'consentOnly']} label={t('consentOnly')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="until" label={t('until')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <ProblemAlert problem={problem} />
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
          {t('grantAuthorisation')}
        </Button>
      </Form>
    </Card>
  );
}

export function SubjectAuthorisations() {
  const { t } = useI18n();
  const [problem, setProblem] = useState<unknown>();
  const pages = useCursorPages(() => answer(api.GET('/api/v1/me/authorisations')) as Promise<{ items: Authorisation[]; nextCursor: string | null }>, []);
  async function revoke(a: Authorisation) {
    setProblem(undefined);
    try {
      await answer(api.DELETE('/api/v1/me/authorisations/{id}', { params: { path: { id: a.id } } }));
      await pages.reload();
    } catch (err) {
      setProblem(err);
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle>{t('authorisations')}</PageTitle>
      <ProblemAlert problem={pages.problem ?? problem} />
      <AuthorisationsTable items={pages.items} onRevoke={revoke} />
      <LoadMore {...pages} />
      <GrantForm onGranted={() => void pages.reload()} />
    </Space>
  );
}
