// Entry of the company tab card "Account" (company-account-card-hsmeta.json).
// HubSpot runs this file in its extension sandbox; the card itself lives in components/ so tests
// can render it without registering an extension.
import { hubspot } from '@hubspot/ui-extensions';
import { CompanyAccount } from './components/company-account.tsx';

hubspot.extend<'crm.record.tab'>(() => <CompanyAccount />);
