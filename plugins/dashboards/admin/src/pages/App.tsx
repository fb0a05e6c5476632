/** Routes of the Dashboards page, for admin users holding plugin::dashboards.read. */
import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { DashboardNav } from '../components/DashboardNav';
import { EngagementPage } from './EngagementPage';
import { PERMISSIONS } from '../permissions';
import { TherapistsPage } from './TherapistsPage';
import { UsagePage } from './UsagePage';

const App = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <DashboardNav />
    <Routes>
      <Route index element={<UsagePage />} />
      <Route
        path="therapists"
        element={
          <Page.Protect permissions={PERMISSIONS.therapists}>
            <TherapistsPage />
          </Page.Protect>
        }
      />
      <Route
        path="engagement"
        element={
          <Page.Protect permissions={PERMISSIONS.engagement}>
            <EngagementPage />
          </Page.Protect>
        }
      />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
