/**
 * The steps a case offers, one form each, sent to the API's route for it. Which steps are shown is exactly the
 * case's `allowedActions` (the API decides); this only says what each step asks for.
 */
import { InboxOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Upload, type UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { answer, api } from '../api/client';
import { base64Of, ProblemAlert } from '../components/common';
import { useI18n, type Word } from '../i18n';

export type CaseType = 'inclusion' | 'objection' | 'repair' | 'revocation';

type Field =
  | { name: string; word: Word; kind: 'text' | 'textarea'; required?: boolean }
  | { name: string; word: Word; kind: 'select' | 'radio'; options: string[]; required?: boolean }
  | { name: string; word: Word; kind: 'boolean' }
  | { name: string; word: Word; kind: 'number'; required?: boolean }
  | { name: string; word: Word; kind: 'datetime' }
  | { name: string; word: Word; kind: 'files' };

interface Step {
  fields: Field[];
  initial?: (c: CaseLike) => Record<string, unknown>;
  send: (id: string, values: any) => Promise<unknown>;
}

export interface CaseLike {
  id: string;
  status: string;
}

async function evidenceOf(files: UploadFile[] | undefined) {
  return Promise.all((files ?? []).map(async (f) => ({ name: f.name, contentType: f.type || 'application/octet-stream', contentBase64: await base64Of(f.originFileObj as Blob) })));
}

const path = (id: string) => ({ params: { path: { id } } });
const reasonField: Field = { name: 'reason', word: 'reason', kind: 'textarea', required: true };
const reasonsField: Field = { name: 'reasons', word: 'reasons', kind: 'textarea', required: true };

const STEPS: Record<CaseType, Record<string, Step>> = {
  inclusion: {
    approve: { fields: [], send: (id) => answer(api.POST('/api/v1/inclusion-cases/{id}/approval', path(id))) },
    record_service: {
      fields: [
        { name: 'document', word: 'document', kind: 'select', options: ['notice', 'feedback', 'decision'] },
        { name: 'method', word: 'method', kind: 'select', options: ['in_person', 'post', 'electronic', 'announcement'] },
        { name: 'servedAt', word: 'servedAt', kind: 'datetime' },
      ],
      initial: (c) => ({ document: c.status === 'decision_issued' ? 'decision' : c.status === 'notice_issued' ? 'notice' : 'feedback', method: 'in_person', servedAt: dayjs() }),
      send: (id, v) => answer(api.POST('/api/v1/inclusion-cases/{id}/service', { ...path(id), body: { document: v.document, method: v.method, servedAt: v.servedAt.toISOString() } })),
    },
    acknowledge: {
      fields: [{ name: 'document', word: 'document', kind: 'radio', options: ['notice', 'decision'] }],
      initial: (c) => ({ document: c.status === 'decision_issued' ? 'decision' : 'notice' }),
      send: (id, v) => answer(api.POST('/api/v1/inclusion-cases/{id}/acknowledgement', { ...path(id), body: { document: v.document } })),
    },
    submit_statement: {
      fields: [
        { name: 'text', word: 'text', kind: 'textarea', required: true },
        { name: 'evidence', word: 'evidence', kind: 'files' },
      ],
      send: async (id, v) => answer(api.POST('/api/v1/inclusion-cases/{id}/statements', { ...path(id), body: { text: v.text, evidence: await evidenceOf(v.evidence) } })),
    },
    waive: { fields: [], send: (id) => answer(api.POST('/api/v1/inclusion-cases/{id}/waiver', path(id))) },
    feedback: {
      fields: [
        { name: 'accepted', word: 'accepted', kind: 'boolean' },
        { name: 'text', word: 'text', kind: 'textarea', required: true },
      ],
      initial: () => ({ accepted: false }),
      send: (id, v) => answer(api.POST('/api/v1/inclusion-cases/{id}/feedback', { ...path(id), body: { accepted: v.accepted, text: v.text } })),
    },
    decide: {
      fields: [{ name: 'outcome', word: 'outcome', kind: 'radio', options: ['include', 'not_include'] }, reasonsField],
      initial: () => ({ outcome: 'include' }),
      send: (id, v) => answer(api.POST('/api/v1/inclusion-cases/{id}/decision', { ...path(id), body: { outcome: v.outcome, reasons: v.reasons } })),
    },
    withdraw: { fields: [reasonField], send: (id, v) => answer(api.POST('/api/v1/inclusion-cases/{id}/withdrawal', { ...path(id), body: { reason: v.reason } })) },
  },
  objection: {
    accept: {
      fields: [{ name: 'accepted', word: 'accepted', kind: 'boolean' }, { name: 'reasons', word: 'reasons', kind: 'textarea' }],
      initial: () => ({ accepted: true }),
      send: (id, v) => answer(api.POST('/api/v1/objections/{id}/acceptance', { ...path(id), body: { accepted: v.accepted, reasons: v.reasons || undefined } })),
    },
    result: {
      fields: [{ name: 'outcome', word: 'outcome', kind: 'radio', options: ['upheld', 'corrected', 'deleted'] }, { name: 'correctedContent', word: 'correctedContent', kind: 'textarea' }, reasonsField],
      initial: () => ({ outcome: 'upheld' }),
      send: (id, v) => answer(api.POST('/api/v1/objections/{id}/result', { ...path(id), body: { outcome: v.outcome, correctedContent: v.correctedContent || undefined, reasons: v.reasons } })),
    },
    suspend: { fields: [reasonField], send: (id, v) => answer(api.POST('/api/v1/objections/{id}/suspension', { ...path(id), body: { reason: v.reason } })) },
    resume: { fields: [reasonField], send: (id, v) => answer(api.POST('/api/v1/objections/{id}/resumption', { ...path(id), body: { reason: v.reason } })) },
    extend: {
      fields: [{ name: 'workingDays', word: 'workingDays', kind: 'number', required: true }, reasonField],
      send: (id, v) => answer(api.POST('/api/v1/objections/{id}/extension', { ...path(id), body: { workingDays: v.workingDays, reason: v.reason } })),
    },
  },
  repair: {
    decide: {
      fields: [{ name: 'outcome', word: 'outcome', kind: 'radio', options: ['granted', 'refused'] }, reasonsField],
      initial: () => ({ outcome: 'granted' }),
      send: (id, v) => answer(api.POST('/api/v1/repairs/{id}/decision', { ...path(id), body: { outcome: v.outcome, reasons: v.reasons } })),
    },
    extend: {
      fields: [{ name: 'workingDays', word: 'workingDays', kind: 'number', required: true }, reasonField],
      send: (id, v) => answer(api.POST('/api/v1/repairs/{id}/extension', { ...path(id), body: { workingDays: v.workingDays, reason: v.reason } })),
    },
  },
  revocation: {
    confirm: { fields: [], send: (id) => answer(api.POST('/api/v1/revocations/{id}/confirmation', path(id))) },
  },
};

/** The control of a field; Form.Item passes it `id`, `value` and `onChange`, which reach the control itself. */
function FieldInput({ field, ...control }: { field: Field } & Record<string, any>) {
  const { t, label } = useI18n();
  switch (field.kind) {
    case 'text':
      return <Input {...control} />;
    case 'textarea':
      return <Input.TextArea rows={3} {...control} />;
    case 'select':
      return <Select options={field.options.map((o) => ({ value: o, label: label(o) }))} {...control} />;
    case 'radio':
      return <Radio.Group options={field.options.map((o) => ({ value: o, label: label(o) }))} {...control} />;
    case 'boolean':
      return <Radio.Group options={[{ value: true, label: t('yes') }, { value: false, label: t('no') }]} {...control} />;
    case 'number':
      return <InputNumber min={1} {...control} />;
    case 'datetime':
      return <DatePicker showTime style={{ width: '100%' }} {...control} />;
    case 'files':
      return (
        <Upload.Dragger multiple beforeUpload={() => false} {...control}>
          <p>
            <InboxOutlined aria-hidden />
          </p>
          <p>{t('chooseFiles')}</p>
        </Upload.Dragger>
      );
  }
}

/** One step's form; after the API accepted it, `onDone` receives the case as the API returned it. */
function StepForm({ type, action, caseView, onDone }: { type: CaseType; action: string; caseView: CaseLike; onDone: (c: unknown) => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [form] = Form.useForm();
  const step = STEPS[type][action];
  if (!step) return null;

  async function submit(values: Record<string, unknown>) {
    setBusy(true);
    setProblem(undefined);
    const hide = message.loading(t('working'), 0);
    try {
      const after = await step.send(caseView.id, values);
      message.success(`${label(action)}: ${t('done')}`);
      form.resetFields();
      onDone(after);
    } catch (err) {
      setProblem(err);
    } finally {
      hide();
      setBusy(false);
    }
  }

  const formId = `step-${action}`;
  return (
    <Card size="small" title={<span id={`${formId}-title`}>{label(action)}</span>}>
      <Form form={form} name={formId} layout="vertical" aria-labelledby={`${formId}-title`} initialValues={step.initial?.(caseView)} onFinish={submit}>
        {step.fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={t(f.word)}
            rules={'required' in f && f.required ? [{ required: true }] : undefined}
            {...(f.kind === 'files' ? { valuePropName: 'fileList', getValueFromEvent: (e: { fileList: UploadFile[] }) => e?.fileList } : {})}
          >
            <FieldInput field={f} />
          </Form.Item>
        ))}
        <ProblemAlert problem={problem} />
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" htmlType="submit" loading={busy}>
            {label(action)}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

export function CaseActions({ type, caseView, allowed, onDone }: { type: CaseType; caseView: CaseLike; allowed: string[]; onDone: (c: unknown) => void }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {allowed.map((action) => (
        <StepForm key={`${action}-${caseView.status}`} type={type} action={action} caseView={caseView} onDone={onDone} />
      ))}
    </Space>
  );
}
