// Durable operations (hand-off, return, win, promotion): recorded before their first effect, their
// progress saved as they go, completed with the answer their retries replay.
import { toJsonText } from '../store.ts';
import type { OperationStore } from '../store.ts';
import type { SqlStoreContext } from './context.ts';
import type { SqlValue } from './driver.ts';
import type { OperationRow } from './rows.ts';

export function operationMethods({ db, rows, now }: SqlStoreContext): OperationStore {
  async function readOperation(portalId: number, operationId: string) {
    const [row] = await db.rows<OperationRow>(
      'SELECT * FROM operations WHERE portal_id = $1 AND operation_id = $2',
      [portalId, operationId],
    );
    return row ? rows.operation(row) : null;
  }

  return {
    async beginOperation(portalId, operationId, input) {
      const [inserted] = await db.rows<OperationRow>(
        `INSERT INTO operations (portal_id, operation_id, kind, subject, status, plan, progress,
           result, attempts, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, NULL, 0, $7, $7)
         ON CONFLICT (portal_id, operation_id) DO NOTHING RETURNING *`,
        [
          portalId,
          operationId,
          input.kind,
          input.subject,
          toJsonText(input.plan),
          toJsonText(input.progress ?? {}),
          now(),
        ],
      );
      if (inserted) return { created: true, operation: rows.operation(inserted) };
      const existing = await readOperation(portalId, operationId);
      if (!existing) throw new Error(`Operation ${operationId} vanished while being begun.`);
      return { created: false, operation: existing };
    },

    getOperation: readOperation,

    async saveOperationProgress(portalId, operationId, progress, options = {}) {
      const changed = await db.run(
        `UPDATE operations SET progress = $3, updated_at = $4, attempts = attempts + $5
         WHERE portal_id = $1 AND operation_id = $2 AND status = 'pending'`,
        [portalId, operationId, toJsonText(progress), now(), options.attempt ? 1 : 0],
      );
      return changed > 0;
    },

    async completeOperation(portalId, operationId, result) {
      const changed = await db.run(
        `UPDATE operations SET status = 'done', result = $3, updated_at = $4
         WHERE portal_id = $1 AND operation_id = $2`,
        [portalId, operationId, toJsonText(result), now()],
      );
      if (changed === 0)
        throw new Error(`Operation ${operationId} of portal ${portalId} was never begun.`);
    },

    async listPendingOperations(query = {}) {
      const where = ["status = 'pending'"];
      const params: SqlValue[] = [];
      const filters: [string, SqlValue | undefined][] = [
        ['portal_id =', query.portalId],
        ['subject =', query.subject],
        ['updated_at <', query.updatedBefore],
      ];
      for (const [condition, value] of filters) {
        if (value === undefined) continue;
        params.push(value);
        where.push(`${condition} $${params.length}`);
      }
      params.push(query.limit ?? 100);
      const found = await db.rows<OperationRow>(
        `SELECT * FROM operations WHERE ${where.join(' AND ')}
         ORDER BY created_at, portal_id, operation_id LIMIT $${params.length}`,
        params,
      );
      return found.map(rows.operation);
    },
  };
}
