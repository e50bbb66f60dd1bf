// Entry of the contact card "Lead qualification" (lead-qualification-card-hsmeta.json).
// HubSpot runs this file in its extension sandbox; the card itself lives in components/ so tests
// can render it without registering an extension.
import { hubspot } from '@hubspot/ui-extensions';
import { LeadQualification } from './components/lead-qualification.tsx';

hubspot.extend<'crm.record.tab'>(() => <LeadQualification />);
