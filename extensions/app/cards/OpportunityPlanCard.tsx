// Entry of the deal tab card "Opportunity Plan" (opportunity-plan-card-hsmeta.json).
// HubSpot runs this file in its extension sandbox; the card itself lives in components/ so tests
// can render it without registering an extension.
import { hubspot } from '@hubspot/ui-extensions';
import { OpportunityPlan } from './components/opportunity-plan.tsx';

hubspot.extend<'crm.record.tab'>(() => <OpportunityPlan />);
