// The names a lifecycle note mentions (issue 15 item 8): the acting user and the owners by name
// (the owners API, cached per portal: ../read-models/owner-cache.ts), the deal by its name and the
// stage by its label (the pipelines, cached: ../read-models/pipeline-cache.ts). Only the names the
// note can mention go into the event, which is stored with the operation. And the return's owner
// for the policy `team_round_robin`.
import type { LeadState, NoteNames } from '../../domain/lifecycle/index.ts';
import { MAX_LABEL_LENGTH } from '../../domain/lifecycle/index.ts';
import type { HandlerContext } from './context.ts';
import { peopleNames } from './record-links.ts';

/** What a note may mention: owner ids, deal ids (with a name already known, if any), stage ids. */
export interface NamesWanted {
  owners?: readonly (string | undefined)[];
  deals?: readonly { id: string | undefined; name?: string | null | undefined }[];
  stages?: readonly (string | undefined)[];
}

const clip = (name: string) => name.trim().slice(0, MAX_LABEL_LENGTH);

/**
 * Resolves the names a note mentions: the acting user (`user:<id>`) and the given owners from the
 * cached owners, each deal from the name given or one read, each stage from the cached pipelines.
 * A name HubSpot does not know stays out (the note falls back to the id).
 */
export async function noteNames(ctx: HandlerContext, wanted: NamesWanted): Promise<NoteNames> {
  const stageIds = (wanted.stages ?? []).filter((id): id is string => Boolean(id));
  const [owners, pipelines] = await Promise.all([
    ctx.listOwners(),
    stageIds.length > 0 ? ctx.gateway.listPipelines('deals') : Promise.resolve([]),
  ]);
  const known = peopleNames(owners);
  const people: Record<string, string> = {};
  for (const key of [`user:${ctx.userId}`, ...(wanted.owners ?? [])]) {
    if (key && known[key]) people[key] = clip(known[key]);
  }
  const deals: Record<string, string> = {};
  for (const deal of wanted.deals ?? []) {
    if (!deal.id) continue;
    const name =
      deal.name ?? (await ctx.gateway.getDeal(deal.id, ['dealname'])).properties.dealname;
    if (name?.trim()) deals[deal.id] = clip(name);
  }
  const stages: Record<string, string> = {};
  for (const pipeline of pipelines) {
    for (const stage of pipeline.stages) {
      if (stageIds.includes(stage.id) && stage.label) stages[stage.id] = clip(stage.label);
    }
  }
  return {
    ...(Object.keys(people).length > 0 ? { people } : {}),
    ...(Object.keys(deals).length > 0 ? { deals } : {}),
    ...(Object.keys(stages).length > 0 ? { stages } : {}),
  };
}

/**
 * What a return needs besides the reason: the names its note mentions and, for the policy
 * `team_round_robin`, the team member whose turn it is — the team's owners (the owners API carries
 * each owner's teams, crm-owners.json PublicOwner.teams) in id order, the portal's cursor for that
 * team advanced atomically in the store (so concurrent returns never pick the same member, and
 * the turn survives restarts). Called once per operation: a retry replays the recorded event, so
 * a return is never assigned twice.
 */
export async function returnEventInputs(
  ctx: HandlerContext,
  state: LeadState,
): Promise<{ teamOwnerId?: string; names: NoteNames }> {
  const policy = ctx.settings.lifecycle;
  const lastHandOff = [...state.history].reverse().find((entry) => entry.kind === 'handoff');
  let teamOwnerId: string | undefined;
  if (policy.returnOwner.mode === 'team_round_robin') {
    const { teamId } = policy.returnOwner;
    const members = (await ctx.listOwners())
      .filter((owner) => owner.teams?.some((team) => team.id === teamId))
      .map((owner) => owner.id)
      .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
    if (members.length > 0) {
      const cursor = await ctx.store.nextRoundRobin(
        ctx.portalId,
        members.length,
        `return-team:${teamId}`,
      );
      teamOwnerId = members[cursor % members.length] as string;
    }
  }
  const names = await noteNames(ctx, {
    owners: [lastHandOff?.previousOwnerId, policy.marketingOwnerId, teamOwnerId, state.ownerId],
    deals: [{ id: state.dealId }],
    stages: [policy.onReturn.mode === 'move_to_stage' ? policy.onReturn.stageId : undefined],
  });
  return { ...(teamOwnerId === undefined ? {} : { teamOwnerId }), names };
}
