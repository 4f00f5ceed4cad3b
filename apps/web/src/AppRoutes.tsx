import { Flex, Spin } from 'antd';
import { Suspense, lazy } from 'react';
import type { ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { can } from './auth/permissions.ts';
import type { Feature } from './auth/permissions.ts';
import { RequireFeature } from './auth/RequireFeature.tsx';
import { useAuth } from './auth/useAuth.ts';
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
const DevicesPage = lazy(() => import('./pages/DevicesPage.tsx').then((m) => ({ default: m.DevicesPage })));
const DeviceDetailPage = lazy(() => import('./pages/DeviceDetailPage.tsx').then((m) => ({ default: m.DeviceDetailPage })));
const QuarantinePage = lazy(() => import('./pages/QuarantinePage.tsx').then((m) => ({ default: m.QuarantinePage })));
const AgentSetupPage = lazy(() => import('./pages/AgentSetupPage.tsx').then((m) => ({ default: m.AgentSetupPage })));
const InventoryImportPage = lazy(() => import('./pages/InventoryImportPage.tsx').then((m) => ({ default: m.InventoryImportPage })));
const CataloguePage = lazy(() => import('./pages/CataloguePage.tsx').then((m) => ({ default: m.CataloguePage })));
const ReviewQueuePage = lazy(() => import('./pages/ReviewQueuePage.tsx').then((m) => ({ default: m.ReviewQueuePage })));
const RulesPage = lazy(() => import('./pages/RulesPage.tsx').then((m) => ({ default: m.RulesPage })));
const BatchRecognitionPage = lazy(() => import('./pages/BatchRecognitionPage.tsx').then((m) => ({ default: m.BatchRecognitionPage })));
const CompliancePage = lazy(() => import('./pages/CompliancePage.tsx').then((m) => ({ default: m.CompliancePage })));
const OrgCompliancePage = lazy(() => import('./pages/OrgCompliancePage.tsx').then((m) => ({ default: m.OrgCompliancePage })));
const EntitlementsPage = lazy(() => import('./pages/EntitlementsPage.tsx').then((m) => ({ default: m.EntitlementsPage })));
const RectificationTasksPage = lazy(() => import('./pages/RectificationTasksPage.tsx').then((m) => ({ default: m.RectificationTasksPage })));
const InspectionPlansPage = lazy(() => import('./modules/inspection/pages/InspectionPlansPage.tsx').then((m) => ({ default: m.InspectionPlansPage })));
const InspectionPlanPage = lazy(() => import('./modules/inspection/pages/InspectionPlanPage.tsx').then((m) => ({ default: m.InspectionPlanPage })));
const CampaignsPage = lazy(() => import('./modules/campaign/pages/CampaignsPage.tsx').then((m) => ({ default: m.CampaignsPage })));
const CampaignProgressPage = lazy(() => import('./modules/campaign/pages/CampaignProgressPage.tsx').then((m) => ({ default: m.CampaignProgressPage })));
const InboxPage = lazy(() => import('./modules/inbox/pages/InboxPage.tsx').then((m) => ({ default: m.InboxPage })));
const SnapshotsPage = lazy(() => import('./modules/campaign/pages/SnapshotsPage.tsx').then((m) => ({ default: m.SnapshotsPage })));
const BulletinsPage = lazy(() => import('./modules/bulletin/pages/BulletinsPage.tsx').then((m) => ({ default: m.BulletinsPage })));
const BulletinEditorPage = lazy(() => import('./modules/bulletin/pages/BulletinEditorPage.tsx').then((m) => ({ default: m.BulletinEditorPage })));
const StatusFormsPage = lazy(() => import('./modules/campaign/pages/StatusFormsPage.tsx').then((m) => ({ default: m.StatusFormsPage })));
const StatusFormPage = lazy(() => import('./modules/campaign/pages/StatusFormPage.tsx').then((m) => ({ default: m.StatusFormPage })));
const CampaignDashboardPage = lazy(() => import('./modules/campaign/pages/CampaignDashboardPage.tsx').then((m) => ({ default: m.CampaignDashboardPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })));

function PageFallback() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: 240 }}>
      <Spin />
    </Flex>
  );
}

/** A lazy page behind a feature check. */
function Guarded({ feature, children }: { feature: Feature; children: ReactNode }) {
  return (
    <RequireFeature feature={feature}>
      <Suspense fallback={<PageFallback />}>{children}</Suspense>
    </RequireFeature>
  );
}

/** `/recognition` opens the catalogue, or the rules for roles that see no installed software. */
function RecognitionHome() {
  const { user } = useAuth();
  return <Navigate to={can(user?.role, 'catalogue') ? '/recognition/catalogue' : '/recognition/rules'} replace />;
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
        <Route path="inventory" element={<Navigate to="/devices" replace />} />
        <Route path="devices" element={<Guarded feature="devices"><DevicesPage /></Guarded>} />
        <Route path="devices/:orgId/:deviceId" element={<Guarded feature="devices"><DeviceDetailPage /></Guarded>} />
        <Route path="inventory/quarantine" element={<Guarded feature="devices"><QuarantinePage /></Guarded>} />
        <Route path="inventory/agents" element={<Guarded feature="agents"><AgentSetupPage /></Guarded>} />
        <Route path="inventory/import" element={<Guarded feature="devices.write"><InventoryImportPage /></Guarded>} />
        <Route path="recognition" element={<RecognitionHome />} />
        <Route path="recognition/catalogue" element={<Guarded feature="catalogue"><CataloguePage /></Guarded>} />
        <Route path="recognition/review" element={<Guarded feature="catalogue"><ReviewQueuePage /></Guarded>} />
        <Route path="recognition/rules" element={<Guarded feature="recognition"><RulesPage /></Guarded>} />
        <Route path="recognition/batch" element={<Guarded feature="recognition"><BatchRecognitionPage /></Guarded>} />
        <Route path="licensing" element={<Navigate to="/licensing/compliance" replace />} />
        <Route path="licensing/compliance" element={<Guarded feature="licences"><CompliancePage /></Guarded>} />
        <Route path="licensing/compliance/orgs/:orgId" element={<Guarded feature="licences"><OrgCompliancePage /></Guarded>} />
        <Route path="licensing/entitlements" element={<Guarded feature="licences"><EntitlementsPage /></Guarded>} />
        <Route path="licensing/tasks" element={<Guarded feature="licences"><RectificationTasksPage /></Guarded>} />
        <Route path="campaign" element={<Navigate to="/campaign/campaigns" replace />} />
        <Route path="campaign/campaigns" element={<Guarded feature="campaign"><CampaignsPage /></Guarded>} />
        <Route path="campaign/campaigns/:campaignId" element={<Guarded feature="campaign"><CampaignProgressPage /></Guarded>} />
        <Route path="campaign/snapshots" element={<Guarded feature="campaign"><SnapshotsPage /></Guarded>} />
        <Route path="campaign/bulletins" element={<Guarded feature="bulletins"><BulletinsPage /></Guarded>} />
        <Route path="campaign/bulletins/:bulletinId" element={<Guarded feature="bulletins"><BulletinEditorPage /></Guarded>} />
        <Route path="campaign/status-forms" element={<Guarded feature="statusforms"><StatusFormsPage /></Guarded>} />
        <Route path="campaign/status-forms/:roundId/:regionCode" element={<Guarded feature="statusforms"><StatusFormPage /></Guarded>} />
        <Route path="campaign/dashboard" element={<Guarded feature="campaign"><CampaignDashboardPage /></Guarded>} />
        <Route path="inspection" element={<Navigate to="/inspection/plans" replace />} />
        <Route path="inspection/plans" element={<Guarded feature="inspection"><InspectionPlansPage /></Guarded>} />
        <Route path="inspection/plans/:planId" element={<Guarded feature="inspection"><InspectionPlanPage /></Guarded>} />
        <Route path="inspection/mine" element={<Guarded feature="inspection.conduct"><InspectionPlansPage mine /></Guarded>} />
        <Route path="inbox" element={<InboxPage />} />
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
