// The settings page's Calibration tab: computes the calibration from the portal's loop history,
// applies the proposal as a new settings version (compare-and-set on the version the admin saw),
// and restores the model it replaced.
import {
  applyProposal,
  calibrate,
  handOffRecords,
  type Proposal,
} from '../../domain/calibration/index.ts';
import {
  applyCalibrationBodySchema,
  restoreScoringBodySchema,
} from '../../contract/card-inputs.ts';
import type { Settings } from '../../domain/settings.ts';
import { readLoopHistories } from '../read-models/analytics.ts';
import { fail, ok, type ApiResult } from '../http/envelope.ts';
import type { OperationContext } from '../routes/card-operations.ts';
import { parsedBody } from '../routes/params.ts';
import type { z } from 'zod';
import type {
  CalibrationView,
  CalibrationWriteView,
  ReviewedProposal,
} from '../../contract/card-api.ts';

/** The calibration of the current settings from every contact's loop history. */
async function currentCalibration(ctx: OperationContext) {
  const { contacts } = await readLoopHistories(ctx);
  return calibrate(
    handOffRecords(contacts),
    ctx.settings.scoring,
    ctx.settings.lifecycle.returnReasons,
  );
}

/** The settings with `scoring` in place of the current model, which is kept to be restored. */
const replacingScoring = (ctx: OperationContext, scoring: Settings['scoring']): Settings => ({
  ...ctx.settings,
  scoring,
  previousScoring: {
    scoring: ctx.settings.scoring,
    version: ctx.settingsVersion,
    replacedAt: ctx.now.toISOString(),
    replacedBy: ctx.userId,
  },
});

const sameProposal = (proposal: Proposal, reviewed: ReviewedProposal): boolean =>
  JSON.stringify(proposal.rules.map(({ ruleId, to }) => ({ ruleId, to }))) ===
    JSON.stringify(reviewed.rules) &&
  JSON.stringify(proposal.thresholds.map(({ threshold, to }) => ({ threshold, to }))) ===
    JSON.stringify(reviewed.thresholds);

const conflict = <T>(currentVersion: number): ApiResult<T> =>
  fail(
    'conflict',
    {
      en: 'The settings or the loop history changed since you looked. Reload the calibration and review it again.',
      de: 'Die Einstellungen oder der Schleifenverlauf haben sich geändert. Laden Sie die Kalibrierung neu und prüfen Sie sie erneut.',
    },
    { current: { version: currentVersion } },
  );

async function writeSettings(
  ctx: OperationContext,
  expectedVersion: number,
  settings: Settings,
): Promise<{ ok: true; version: number } | { ok: false; currentVersion: number }> {
  return ctx.store.putSettings(ctx.portalId, settings, {
    expectedVersion,
    updatedBy: ctx.userId,
  });
}

/** GET /api/settings/calibration */
export async function getCalibration(ctx: OperationContext): Promise<ApiResult<CalibrationView>> {
  const previous = ctx.settings.previousScoring;
  return ok({
    version: ctx.settingsVersion,
    calibration: await currentCalibration(ctx),
    thresholds: { ...ctx.settings.scoring.thresholds },
    previous:
      previous === undefined
        ? null
        : {
            version: previous.version,
            replacedAt: previous.replacedAt,
            replacedBy: previous.replacedBy,
          },
  });
}

/**
 * POST /api/settings/calibration/apply — recomputes the proposal (a client never supplies rule
 * points), checks it is the one the admin reviewed, and writes it as a new settings version that
 * keeps the replaced model restorable.
 */
export async function applyCalibration(
  body: z.output<typeof applyCalibrationBodySchema>,
  ctx: OperationContext,
): Promise<ApiResult<CalibrationWriteView>> {
  if (body.version !== ctx.settingsVersion) return conflict(ctx.settingsVersion);
  const calibration = await currentCalibration(ctx);
  const { proposal } = calibration;
  if (!sameProposal(proposal, body.proposal)) return conflict(ctx.settingsVersion);
  if (proposal.rules.length + proposal.thresholds.length === 0) {
    return fail('rejected', {
      en: 'There is no calibration to apply: the loop history supports no change.',
      de: 'Es gibt keine Kalibrierung zum Übernehmen: Der Schleifenverlauf stützt keine Änderung.',
    });
  }
  const next = replacingScoring(ctx, applyProposal(ctx.settings.scoring, proposal));
  const written = await writeSettings(ctx, body.version, next);
  if (!written.ok) return conflict(written.currentVersion);
  return ok({
    version: written.version,
    applied: { rules: proposal.rules.length, thresholds: proposal.thresholds.length },
  });
}

/** POST /api/settings/calibration/restore — brings back the replaced model (itself restorable). */
export async function restoreScoring(
  body: z.output<typeof restoreScoringBodySchema>,
  ctx: OperationContext,
): Promise<ApiResult<CalibrationWriteView>> {
  const previous = ctx.settings.previousScoring;
  if (previous === undefined) {
    return fail('rejected', {
      en: 'There is no earlier scoring model to restore.',
      de: 'Es gibt kein früheres Scoring-Modell, das wiederhergestellt werden kann.',
    });
  }
  if (body.version !== ctx.settingsVersion) return conflict(ctx.settingsVersion);
  const next = replacingScoring(ctx, previous.scoring);
  const written = await writeSettings(ctx, body.version, next);
  if (!written.ok) return conflict(written.currentVersion);
  return ok({ version: written.version, applied: { rules: 0, thresholds: 0 } });
}

/** The card operations of the Calibration tab (mounted with the others in card-operations.ts). */
export const CALIBRATION_OPERATIONS = {
  'get-calibration': {
    method: 'get',
    path: '/settings/calibration',
    run: (_p: Record<string, unknown>, _b: Record<string, unknown>, ctx: OperationContext) =>
      getCalibration(ctx),
  },
  'apply-calibration': {
    method: 'post',
    path: '/settings/calibration/apply',
    ...parsedBody(applyCalibrationBodySchema, (_p, body, ctx: OperationContext) =>
      applyCalibration(body, ctx),
    ),
  },
  'restore-scoring': {
    method: 'post',
    path: '/settings/calibration/restore',
    ...parsedBody(restoreScoringBodySchema, (_p, body, ctx: OperationContext) =>
      restoreScoring(body, ctx),
    ),
  },
} as const;
