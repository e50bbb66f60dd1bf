// Entry point of the app page "Lead ↔ opportunity loop" (page-hsmeta.json). One route today; the
// router keeps the page ready for more views. Rendering lives in components/ so tests can render
// it without registering an extension.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/app-pages/reference#createpagerouter
import { hubspot } from '@hubspot/ui-extensions';
import { createPageRouter, PageRoutes } from '@hubspot/ui-extensions/pages';
import { LoopAnalyticsPage } from './components/LoopAnalyticsPage.tsx';

const PageRouter = createPageRouter(
  <PageRoutes>
    <PageRoutes.IndexRoute component={LoopAnalyticsPage} id="loop" />
  </PageRoutes>,
);

hubspot.extend<'pages'>(() => <PageRouter />);
