// How owners and scores are shown to the cards: one mapping for every view that carries them.
import type { ScoreExplanation, ScoreResult } from '../../domain/scoring/index.ts';
import type { Settings } from '../../domain/settings.ts';
import type { OwnerView, ScoreView } from '../../contract/card-api.ts';
import type { CrmOwner, CrmProperties } from '../../hubspot/gateway.ts';

export type { OwnerView, ScoreView };

/**
 * A contact's name as HubSpot lists it: first and last name, else the email, else `#id` (with
 * `id` given) or null.
 */
export function contactName(properties: CrmProperties, id: string): string;
export function contactName(properties: CrmProperties): string | null;
export function contactName(properties: CrmProperties, id?: string): string | null {
  const name = [properties.firstname, properties.lastname].filter(Boolean).join(' ');
  return name || properties.email || (id === undefined ? null : `#${id}`);
}

/** The portal's owners with names and their hand-off team. */
export function ownerViews(owners: readonly CrmOwner[], settings: Settings): OwnerView[] {
  const { salesOwnerIds, marketingOwnerId } = settings.lifecycle;
  return owners.map((owner) => ({
    id: owner.id,
    userId: owner.userId === null ? null : String(owner.userId),
    name: [owner.firstName, owner.lastName].filter(Boolean).join(' ') || owner.email || owner.id,
    email: owner.email,
    team: salesOwnerIds.includes(owner.id)
      ? 'sales'
      : owner.id === marketingOwnerId
        ? 'marketing'
        : null,
  }));
}

/** A score with its reasons, as the cards show it. */
export function scoreView(result: ScoreResult, explanation?: ScoreExplanation): ScoreView {
  return {
    ...(explanation === undefined ? {} : { explanation }),
    fit: result.fit,
    engagement: result.engagement,
    total: result.total,
    grade: result.grade,
    band: result.band,
    reasons: result.reasons.map((reason) => ({
      ruleId: reason.ruleId,
      points: reason.points,
      label: reason.label,
      why: reason.why,
    })),
  };
}
