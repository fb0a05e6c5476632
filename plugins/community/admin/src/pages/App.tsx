/** Routes of the moderation page, for admin users holding plugin::community.moderation.read. */
import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PERMISSIONS } from '../permissions';
import { AliasPage } from './AliasPage';
import { ModerationPage } from './ModerationPage';

const App = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <Routes>
      <Route index element={<ModerationPage />} />
      <Route path="aliases/:alias" element={<AliasPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
