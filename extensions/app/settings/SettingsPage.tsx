// Entry point of the app's settings page (settings-hsmeta.json). Everything else lives in
// components/ so tests can render the page without registering an extension.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/create-a-settings-component
import { hubspot } from '@hubspot/ui-extensions';
import { SettingsApp } from './components/SettingsApp.tsx';

hubspot.extend<'settings'>(() => <SettingsApp />);
