/** The frame of every page: the title, the signed-in person's pages, the language switch, sign-out. */
import { Button, Layout as AntLayout, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useI18n, type Word } from '../i18n';
import { signOut, useSession, type Role } from '../session';

const NAV: Record<Role, Array<{ to: string; word: Word }>> = {
  officer: [
    { to: '/officer', word: 'officerCases' },
    { to: '/officer/subjects/new', word: 'registerSubject' },
  ],
  subject: [
    { to: '/subject', word: 'myCases' },
    { to: '/subject/report', word: 'myReport' },
    { to: '/subject/authorisations', word: 'authorisations' },
  ],
  supervisor: [
    { to: '/supervisor', word: 'overdue' },
    { to: '/supervisor/incidents', word: 'incidents' },
    { to: '/supervisor/calendar', word: 'calendar' },
  ],
  agency: [
    { to: '/agency', word: 'listCheck' },
    { to: '/agency/notices', word: 'notices' },
  ],
};

export function Layout({ children }: { children: ReactNode }) {
  const { t, label, lang, setLang } = useI18n();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const links = [...(session ? NAV[session.role] : []), { to: '/public', word: 'publicList' as Word }];
  // The most specific page the path is in.
  const current = links.map((n) => n.to).filter((to) => location.pathname === to || location.pathname.startsWith(`${to}/`)).sort((x, y) => y.length - x.length)[0];
  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <AntLayout.Header style={{ display: 'flex', alignItems: 'center', gap: '8px 16px', paddingInline: 16, paddingBlock: 8, flexWrap: 'wrap', height: 'auto', lineHeight: '32px' }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('appTitle')}
        </Link>
        <nav aria-label={t('appTitle')} style={{ flex: 1, minWidth: 0 }}>
          {/* Links that wrap on a narrow screen (a collapsing menu hides focusable items from assistive technology). */}
          <ul style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 20px', listStyle: 'none', margin: 0, padding: 0 }}>
            {links.map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={n.to === current ? 'page' : undefined} style={{ color: '#fff', opacity: n.to === current ? 1 : 0.85, fontWeight: n.to === current ? 600 : 400, borderBottom: n.to === current ? '2px solid #fff' : undefined }}>
                  {t(n.word)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <Space size="small" wrap={false}>
          <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} lang={lang === 'zh' ? 'en' : 'zh'}>
            {t('language')}
          </Button>
          {session ? (
            <Button size="small" onClick={() => { signOut(); void navigate('/sign-in'); }}>
              {t('signOut')}
            </Button>
          ) : (
            <Button size="small" type="primary" onClick={() => navigate('/sign-in')}>
              {t('signIn')}
            </Button>
          )}
        </Space>
      </AntLayout.Header>
      <AntLayout.Content style={{ padding: 16, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        {session && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('signedInAs')}: <Tag>{label(session.role)}</Tag>
            {session.dept ? label(session.dept) : session.subjectId ?? session.agencyId} ·{' '}
            <a href="/docs" style={{ textDecoration: 'underline' }}>{t('apiDocs')}</a>
          </Typography.Paragraph>
        )}
        <main>{children}</main>
      </AntLayout.Content>
    </AntLayout>
  );
}
