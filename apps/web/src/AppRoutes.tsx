import { Flex, Spin } from 'antd';
import { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { RequireFeature } from './auth/RequireFeature.tsx';
import { MainLayout } from './layout/MainLayout.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';

// Pages load on demand: the login screen should not wait for ECharts.
const DashboardPage = lazy(() => import('./pages/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));
const RegionsPage = lazy(() => import('./pages/RegionsPage.tsx').then((m) => ({ default: m.RegionsPage })));
const OrgsPage = lazy(() => import('./pages/OrgsPage.tsx').then((m) => ({ default: m.OrgsPage })));
const OrgDetailPage = lazy(() => import('./pages/OrgDetailPage.tsx').then((m) => ({ default: m.OrgDetailPage })));
const UsersPage = lazy(() => import('./pages/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('./pages/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })));

function PageFallback() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: 240 }}>
      <Spin />
    </Flex>
  );
}

/** The URL map of the app. Every page but the login page needs a session. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <MainLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Suspense fallback={<PageFallback />}><DashboardPage /></Suspense>} />
        <Route path="regions" element={<Suspense fallback={<PageFallback />}><RegionsPage /></Suspense>} />
        <Route path="orgs" element={<Suspense fallback={<PageFallback />}><OrgsPage /></Suspense>} />
        <Route path="orgs/:orgId" element={<Suspense fallback={<PageFallback />}><OrgDetailPage /></Suspense>} />
        <Route
          path="users"
          element={
            <RequireFeature feature="users">
              <Suspense fallback={<PageFallback />}><UsersPage /></Suspense>
            </RequireFeature>
          }
        />
        <Route
          path="audit"
          element={
            <RequireFeature feature="audit">
              <Suspense fallback={<PageFallback />}><AuditPage /></Suspense>
            </RequireFeature>
          }
        />
        <Route path="settings" element={<Suspense fallback={<PageFallback />}><SettingsPage /></Suspense>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
