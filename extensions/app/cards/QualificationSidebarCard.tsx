// Entry of the deal sidebar card "Qualification" (qualification-sidebar-hsmeta.json).
// HubSpot runs this file in its extension sandbox; the card itself lives in components/.
import { hubspot } from '@hubspot/ui-extensions';
import { QualificationSidebar } from './components/qualification-sidebar.tsx';

hubspot.extend<'crm.record.sidebar'>(() => <QualificationSidebar />);
