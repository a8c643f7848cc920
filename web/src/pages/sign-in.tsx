/**
 * Sign-in. Locally (the generated secret) a person chooses a role and whom they act for, and the server signs a
 * token; in a deployment the configured OIDC issuer signs them in (authorisation code with PKCE). A token obtained
 * elsewhere (npm run token) may be pasted.
 */
import { Button, Card, Collapse, Form, Input, Select, Space, Spin, Typography } from 'antd';
import { UserManager } from 'oidc-client-ts';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { answer, api } from '../api/client';
import { ProblemAlert } from '../components/common';
import { useI18n } from '../i18n';
import { HOME, signIn, type Role } from '../session';

type Choices = { departments: Array<{ code: string; name: string }>; subjects: Array<{ id: string; name: string; identifier: string }>; agencies: Array<{ id: string; name: string; uscc: string }> };

function userManager(oidc: { issuer: string; clientId: string; scope: string }) {
  return new UserManager({ authority: oidc.issuer, client_id: oidc.clientId, scope: oidc.scope, redirect_uri: `${window.location.origin}/sign-in/callback`, response_type: 'code' });
}

const OIDC_KEY = 'credit-cases.oidc';

export function SignIn() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [modes, setModes] = useState<{ local: boolean; oidc?: { issuer: string; clientId: string; scope: string } }>();
  const [choices, setChoices] = useState<Choices>();
  const [q, setQ] = useState('');
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const role = Form.useWatch('role', form) as Role | undefined;

  useEffect(() => {
    answer(api.GET('/api/v1/sign-in')).then(setModes, setProblem);
  }, []);
  useEffect(() => {
    if (!modes?.local) return;
    const timer = setTimeout(() => {
      answer(api.GET('/api/v1/sign-in/local/choices', { params: { query: q ? { q } : {} } })).then(setChoices, setProblem);
    }, 250);
    return () => clearTimeout(timer);
  }, [modes, q]);

  const done = (token: string, via: 'local' | 'token') => {
    const session = signIn(token, via);
    if (!session) throw new Error('the token carries no role these pages know');
    void navigate(HOME[session.role]);
  };

  async function localSignIn(values: { role: Role; dept?: string; subjectId?: string; agencyId?: string }) {
    setBusy(true);
    setProblem(undefined);
    try {
      const { token } = await answer(api.POST('/api/v1/sign-in/local', { body: values as never }));
      done(token, 'local');
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  if (!modes && !problem) return <Spin />;
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 560 }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('signIn')}
      </Typography.Title>
      <ProblemAlert problem={problem} />
      {modes?.local && (
        <Card>
          <Typography.Paragraph type="secondary">{t('localSignInHint')}</Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={localSignIn} initialValues={{ role: 'officer', dept: 'market-regulation' }}>
            <Form.Item name="role" label={t('role')} rules={[{ required: true }]}>
              <Select options={(['officer', 'subject', 'supervisor', 'agency'] as const).map((r) => ({ value: r, label: label(r) }))} />
            </Form.Item>
            {(role === 'officer' || role === 'supervisor') && (
              <Form.Item name="dept" label={t('department')} rules={[{ required: true }]}>
                <Select options={choices?.departments.map((d) => ({ value: d.code, label: label(d.code) }))} />
              </Form.Item>
            )}
            {(role === 'subject' || role === 'agency') && (
              <Form.Item label={t('search')} htmlFor="sign-in-search">
                <Input id="sign-in-search" placeholder={t('searchHint')} value={q} onChange={(e) => setQ(e.target.value)} allowClear />
              </Form.Item>
            )}
            {role === 'subject' && (
              <Form.Item name="subjectId" label={t('subject')} rules={[{ required: true }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={choices?.subjects.map((s) => ({ value: s.id, label: `${s.name} · ${s.identifier}` }))} />
              </Form.Item>
            )}
            {role === 'agency' && (
              <Form.Item name="agencyId" label={t('agency')} rules={[{ required: true }]}>
                <Select options={choices?.agencies.map((a) => ({ value: a.id, label: `${a.name} · ${a.uscc}` }))} />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('signIn')}
            </Button>
          </Form>
        </Card>
      )}
      {modes?.oidc && (
        <Card>
          <Button type="primary" onClick={() => { sessionStorage.setItem(OIDC_KEY, JSON.stringify(modes.oidc)); void userManager(modes.oidc!).signinRedirect().catch(setProblem); }}>
            {t('oidcSignIn')}
          </Button>
        </Card>
      )}
      <Collapse
        items={[
          {
            key: 'token',
            label: t('pasteToken'),
            children: (
              <Form layout="vertical" onFinish={(v: { token: string }) => { try { done(v.token.trim(), 'token'); } catch (err) { setProblem(err); } }}>
                <Form.Item name="token" label={t('token')} rules={[{ required: true }]}>
                  <Input.TextArea rows={3} />
                </Form.Item>
                <Button htmlType="submit">{t('signIn')}</Button>
              </Form>
            ),
          },
        ]}
      />
    </Space>
  );
}

/** Where the identity provider sends the person back: the code is exchanged (PKCE) for the tokens. */
export function OidcCallback() {
  const navigate = useNavigate();
  const [problem, setProblem] = useState<unknown>();
  useEffect(() => {
    const oidc = JSON.parse(sessionStorage.getItem(OIDC_KEY) ?? 'null');
    if (!oidc) {
      setProblem(new Error('no sign-in was started in this tab'));
      return;
    }
    userManager(oidc)
      .signinRedirectCallback()
      .then((user) => {
        const session = signIn(user.access_token, 'oidc');
        if (!session) throw new Error('the identity provider’s token carries no role these pages know');
        void navigate(HOME[session.role], { replace: true });
      })
      .catch(setProblem);
  }, [navigate]);
  return problem ? <ProblemAlert problem={problem} /> : <Spin />;
}
