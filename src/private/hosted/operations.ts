// Durable operations, one record each, with their portal, subject and status as record fields so
// the resumer and a privacy erasure find them by scan.
import type { OperationRecord, OperationStore } from '../../store/store.ts';
import { key, parse, stored } from './context.ts';
import type { HostedContext } from './context.ts';

export function operationMethods(context: HostedContext): OperationStore {
  const { records, now, put, read, withLock } = context;
  const readOperation = (portalId: number, operationId: string) =>
    read<OperationRecord>(key.operation(portalId, operationId));
  const operationLock = (portalId: number, operationId: string) =>
    `internal:${key.operation(portalId, operationId)}`;

  async function putOperation(operation: OperationRecord): Promise<void> {
    await put(key.operation(operation.portalId, operation.operationId), {
      kind: 'operation',
      portalId: operation.portalId,
      subject: operation.subject,
      status: operation.status,
      value: operation,
    });
  }

  return {
    async beginOperation(portalId, operationId, input) {
      return withLock(operationLock(portalId, operationId), async () => {
        const existing = await readOperation(portalId, operationId);
        if (existing) return { created: false, operation: existing };
        const at = now();
        const operation: OperationRecord = {
          portalId,
          operationId,
          kind: input.kind,
          subject: input.subject,
          status: 'pending',
          plan: stored(input.plan),
          progress: stored(input.progress ?? {}),
          result: null,
          attempts: 0,
          createdAt: at,
          updatedAt: at,
        };
        await putOperation(operation);
        return { created: true, operation };
      });
    },

    getOperation: readOperation,

    async saveOperationProgress(portalId, operationId, progress, options = {}) {
      return withLock(operationLock(portalId, operationId), async () => {
        const existing = await readOperation(portalId, operationId);
        if (!existing || existing.status !== 'pending') return false;
        await putOperation({
          ...existing,
          progress: stored(progress),
          attempts: existing.attempts + (options.attempt ? 1 : 0),
          updatedAt: now(),
        });
        return true;
      });
    },

    async completeOperation(portalId, operationId, result) {
      await withLock(operationLock(portalId, operationId), async () => {
        const existing = await readOperation(portalId, operationId);
        if (!existing)
          throw new Error(`Operation ${operationId} of portal ${portalId} was never begun.`);
        await putOperation({
          ...existing,
          status: 'done',
          result: stored(result),
          updatedAt: now(),
        });
      });
    },

    async listPendingOperations(query = {}) {
      const found = await records.scan({
        kind: 'operation',
        status: 'pending',
        ...(query.portalId === undefined ? {} : { portalId: query.portalId }),
        ...(query.subject === undefined ? {} : { subject: query.subject }),
      });
      return found
        .map((record) => parse<OperationRecord>(record))
        .filter((op) => query.updatedBefore === undefined || op.updatedAt < query.updatedBefore)
        .sort((a, b) => a.createdAt - b.createdAt || a.operationId.localeCompare(b.operationId))
        .slice(0, query.limit ?? 100);
    },
  };
}
