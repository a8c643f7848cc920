import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { I18nProvider, useI18n } from './i18n';
import { AgencyListCheck, AgencyNotices } from './pages/agency';
import { SubjectAuthorisations } from './pages/authorisations';
import { CasePage } from './pages/case';
import { OfficerCases, RegisterSubject, SubjectFile } from './pages/officer';
import { PublicList } from './pages/public';
import { OidcCallback, SignIn } from './pages/sign-in';
import { SubjectHome, SubjectReport } from './pages/subject';
import { SupervisorCalendar, SupervisorIncidents, SupervisorOverdue } from './pages/supervisor';
import { HOME, useSession, type Role } from './session';

/**
 * Ant Design's default greys for secondary and disabled text are too light for WCAG AA contrast (4.5:1); these
 * are the darkest greys of its palette that keep the look.
 */
const THEME = { token: { colorPrimary: '#b71c1c', colorLink: '#0958d9', colorError: '#cf1322', colorTextSecondary: '#595959', colorTextDescription: '#595959', colorTextTertiary: '#595959', colorTextDisabled: '#6e6e6e', colorTextPlaceholder: '#6e6e6e' } };

/** A page for the given roles; others go to the sign-in page. */
function For({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const session = useSession();
  if (!session || !roles.includes(session.role)) return <Navigate to="/sign-in" replace />;
  return <>{children}</>;
}

function Home() {
  const session = useSession();
  return <Navigate to={session ? HOME[session.role] : '/sign-in'} replace />;
}

function App() {
  const { lang } = useI18n();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <BrowserRouter>
          <Layout>
            <Routes>
              <Route path="/" element={<Home />} />
              <Route path="/sign-in" element={<SignIn />} />
              <Route path="/sign-in/callback" element={<OidcCallback />} />
              <Route path="/public" element={<PublicList />} />
              <Route path="/cases/:id" element={<For roles={['officer', 'supervisor', 'subject']}><CasePage /></For>} />
              <Route path="/officer" element={<For roles={['officer']}><OfficerCases /></For>} />
              <Route path="/officer/subjects/new" element={<For roles={['officer', 'supervisor']}><RegisterSubject /></For>} />
              <Route path="/officer/subjects/:id" element={<For roles={['officer', 'supervisor']}><SubjectFile /></For>} />
              <Route path="/subject" element={<For roles={['subject']}><SubjectHome /></For>} />
              <Route path="/subject/report" element={<For roles={['subject']}><SubjectReport /></For>} />
              <Route path="/subject/authorisations" element={<For roles={['subject']}><SubjectAuthorisations /></For>} />
              <Route path="/supervisor" element={<For roles={['supervisor']}><SupervisorOverdue /></For>} />
              <Route path="/supervisor/incidents" element={<For roles={['supervisor']}><SupervisorIncidents /></For>} />
              <Route path="/supervisor/calendar" element={<For roles={['supervisor']}><SupervisorCalendar /></For>} />
              <Route path="/agency" element={<For roles={['agency']}><AgencyListCheck /></For>} />
              <Route path="/agency/notices" element={<For roles={['agency']}><AgencyNotices /></For>} />
              <Route path="*" element={<Home />} />
            </Routes>
          </Layout>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

document.documentElement.lang = localStorage.getItem('credit-cases.lang') === 'en' ? 'en' : 'zh-CN';
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
