// The CRM gateway ADAPTER on HubSpot's date-versioned REST APIs (2026-09, src/hubspot/api-version.ts),
// one instance per portal: the transport (src/hubspot/transport.ts: limiter, retries, deadlines,
// typed errors) under the CRM operation modules (src/hubspot/crm/*.ts), composed into the
// CrmGateway port (src/hubspot/gateway.ts). Request/response shapes come from the specs
// (src/hubspot/hubspot-api.ts).
//
// Adding an operation: declare it on CrmGateway, write `src/hubspot/crm/<concern>.ts` exporting
// `<concern>Operations(t: Transport): Pick<CrmGateway, ...>`, and add one line to `composeGateway`
// below (the README's contributor section says more).
import type { CrmGateway } from './gateway.ts';
import { createTransport, type HubSpotGatewayOptions, type Transport } from './transport.ts';
import { accountOperations } from './crm/account.ts';
import { associationOperations } from './crm/associations.ts';
import { buyingRoleLabelOperations } from './crm/association-labels.ts';
import { leadOperations } from './crm/leads.ts';
import { dealOperations } from './crm/deals.ts';
import { dealStageReadOperations } from './crm/deal-stage-reads.ts';
import { noteOperations } from './crm/notes.ts';
import { ownerOperations } from './crm/owners.ts';
import { pipelineOperations } from './crm/pipelines.ts';
import { propertyOperations } from './crm/properties.ts';
import { recordOperations } from './crm/records.ts';
import { schemaOperations } from './crm/schema-setup.ts';
import { taskOperations } from './crm/tasks.ts';
import { workflowOperations } from './crm/workflow-callbacks.ts';

export { REQUEST_TIMEOUT_MS, type HubSpotGatewayOptions, type RetryOptions } from './transport.ts';

/** Creates the gateway for one portal. */
export function createHubSpotGateway(options: HubSpotGatewayOptions): CrmGateway {
  return composeGateway(createTransport(options));
}

/** Every CRM operation over one transport; the lane/deadline variants compose a derived transport. */
function composeGateway(t: Transport): CrmGateway {
  return {
    portalId: t.portalId,
    withLane: (lane) => composeGateway(t.withLane(lane)),
    withMaxWait: (ms) => composeGateway(t.withMaxWait(ms)),
    withDeadline: (atMs) => composeGateway(t.withDeadline(atMs)),
    ...recordOperations(t),
    ...dealOperations(t),
    ...dealStageReadOperations(t),
    ...associationOperations(t),
    ...noteOperations(t),
    ...ownerOperations(t),
    ...pipelineOperations(t),
    ...propertyOperations(t),
    ...workflowOperations(t),
    ...schemaOperations(t),
    ...accountOperations(t),
    ...buyingRoleLabelOperations(t),
    ...leadOperations(t),
    ...taskOperations(t),
  };
}
