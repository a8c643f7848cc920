/** The serious-dishonesty list as publicised now, desensitised by the API; no sign-in. */
import { Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { answer, api } from '../api/client';
import { DataTable, LoadMore, PageTitle, ProblemAlert, useCursorPages } from '../components/common';
import { useI18n } from '../i18n';

type Entry = { subject: { kind: string; name: string; identifier: string }; field: string; includedOn: string; removalDueOn: string; department: string; measures: Array<{ code: string }> };

export function PublicList() {
  const { t, label } = useI18n();
  const [q, setQ] = useState<string>();
  const pages = useCursorPages(
    (cursor) => answer(api.GET('/api/v1/public/serious-dishonesty-list', { params: { query: { q, cursor, limit: 50 } } })) as Promise<{ items: Entry[]; nextCursor: string | null }>,
    [q],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PageTitle>{t('publicList')}</PageTitle>
      <Input.Search aria-label={t('search')} placeholder={t('searchHint')} allowClear enterButton={t('search')} onSearch={(v) => setQ(v.trim() || undefined)} style={{ maxWidth: 480 }} />
      <ProblemAlert problem={pages.problem} />
      <DataTable<Entry>
        label={t('publicList')}
        rowKey={(e) => `${e.subject.identifier}-${e.field}-${e.includedOn}`}
        size="small"
        pagination={false}
        dataSource={pages.items}
        locale={{ emptyText: t('nothing') }}
        columns={[
          { title: t('name'), key: 'name', render: (_: unknown, e) => e.subject.name },
          { title: t('identifier'), key: 'id', render: (_: unknown, e) => e.subject.identifier },
          { title: t('field'), dataIndex: 'field', render: (v: string) => label(v) },
          { title: t('department'), dataIndex: 'department', render: (v: string) => label(v) },
          { title: t('includedOn'), dataIndex: 'includedOn' },
          { title: t('removalDueOn'), dataIndex: 'removalDueOn' },
          { title: t('measures'), dataIndex: 'measures', render: (m: Entry['measures']) => m.map((x) => <Tag key={x.code}>{label(x.code)}</Tag>) },
        ]}
      />
      <LoadMore {...pages} />
    </Space>
  );
}
