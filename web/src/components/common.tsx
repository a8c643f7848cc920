/** What every page shares: the API's error shown as it said it, cursor pages, and a load-more footer. */
import { Alert, Button, Space, Table, Typography, type FormInstance, type TableProps } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiProblem } from '../api/client';
import { useI18n } from '../i18n';

export function ProblemAlert({ problem }: { problem: unknown }) {
  if (!problem) return null;
  const p = problem instanceof ApiProblem ? problem : undefined;
  const message = p?.message ?? (problem as Error).message ?? String(problem);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={message}
      description={p && p.fields.length > 0 ? p.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : p ? p.code : undefined}
    />
  );
}

/** Field errors of a 400 shown on the form's own fields (`body.identifier.value` → ['identifier', 'value']). */
export function showOnFields(form: FormInstance<any>, err: unknown): boolean {
  if (!(err instanceof ApiProblem) || err.fields.length === 0) return false;
  const known = err.fields.filter((f) => f.path.startsWith('body.'));
  form.setFields(known.map((f) => ({ name: f.path.split('.').slice(1), errors: [f.message] })));
  return known.length > 0;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** Pages of a list, following the API's cursor: the first page on load (and when `key` changes), more on demand. */
export function useCursorPages<T>(fetchPage: (cursor?: string) => Promise<Page<T>>, key: unknown) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);

  const load = useCallback(async (from?: string) => {
    const mine = ++generation.current;
    setLoading(true);
    setProblem(undefined);
    try {
      const page = await fetchRef.current(from);
      if (mine !== generation.current) return;
      setItems((before) => (from ? [...before, ...page.items] : page.items));
      setCursor(page.nextCursor ?? null);
    } catch (err) {
      if (mine === generation.current) setProblem(err);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  const keyText = JSON.stringify(key);
  useEffect(() => {
    void load();
  }, [keyText, load]);

  return {
    items,
    loading,
    problem,
    hasMore: !!cursor,
    more: () => (cursor ? load(cursor) : Promise.resolve()),
    reload: () => load(),
  };
}

export function LoadMore({ hasMore, loading, more }: { hasMore: boolean; loading: boolean; more: () => void }) {
  const { t } = useI18n();
  return (
    <Space style={{ marginTop: 12 }}>
      {hasMore ? (
        <Button onClick={more} loading={loading}>
          {t('loadMore')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('noMore')}</Typography.Text>
      )}
    </Space>
  );
}

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap', marginBottom: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </Space>
  );
}

/** Reads a browser File as base64 (the API's evidence format). */
export function base64Of(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * A table that scrolls sideways inside its own box on a narrow screen; the box takes the keyboard focus so that
 * it can be scrolled without a mouse.
 */
export function DataTable<T extends object>({ label, ...props }: TableProps<T> & { label: string }) {
  return (
    <div tabIndex={0} role="region" aria-label={label} style={{ overflowX: 'auto' }}>
      <Table<T> size="small" pagination={false} {...props} />
    </div>
  );
}
