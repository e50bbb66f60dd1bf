// Workflow actions: completing a callback that answered BLOCK earlier.
import { hubspotPaths } from '../api-version.ts';
import type { CrmGateway } from '../gateway.ts';
import type { Transport } from '../transport.ts';

export function workflowOperations(t: Transport): Pick<CrmGateway, 'completeWorkflowCallback'> {
  return {
    async completeWorkflowCallback(callbackId, outputFields) {
      // POST /automation/actions/callbacks/2026-09/{callbackId}/complete (scope `automation`)
      // https://developers.hubspot.com/docs/apps/developer-platform/add-features/custom-workflow-actions
      await t.call('standard', `complete workflow callback ${callbackId}`, {
        method: 'POST',
        path: hubspotPaths.completeCallback(callbackId),
        // CallbackCompletionRequest requires typedOutputs too (vendor/hubspot-openapi/2026-09/
        // automation-actions.json); the product's outputs are all plain strings.
        body: { outputFields, typedOutputs: {} },
      });
    },
  };
}
