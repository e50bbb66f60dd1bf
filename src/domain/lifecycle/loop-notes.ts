// The texts of the timeline notes the loop leaves (promotion, hand-off, return, won, lost): people
// and deals by name, instants as each language writes them (issue 15 item 8), and the language of
// the owner who reads the note (`lifecycle.ownerLanguages`). Names come with the event (resolved by
// the caller from the owners API, the deal and the pipelines); a name not given falls back to the id.
import type { Localized } from '../errors.ts';
import type { AddNoteEffect, RecordRef } from './effects.ts';
import {
  describeActor,
  describeDeal,
  describePerson,
  describeScore,
  describeStage,
  describeUserNote,
  formatInstant,
  joinLocalized,
  type NoteNames,
} from './note.ts';
import { ownerLanguage, type LifecyclePolicy } from './policy.ts';
import type { ScoreSnapshot } from './state.ts';

/** Who did what the note tells, when, the contact's score then, and the names to write. */
interface NoteEvent {
  actor: string;
  at: string;
  score: ScoreSnapshot | undefined;
  names?: NoteNames | undefined;
}

/** "by Anna Schmidt on Dec 2, 2026, 01:05 UTC" / "von Anna Schmidt am 02.12.2026, 01:05 UTC". */
function byWhomWhen(actor: string, at: string, names: NoteNames | undefined): Localized {
  const who = describeActor(actor, names);
  const when = formatInstant(at);
  return { en: `${who.en} on ${when.en}`, de: `${who.de} am ${when.de}` };
}

/** A note for `target`, in the language `ownerId` reads (absent owner: the portal's default). */
export function noteFor(
  target: RecordRef,
  body: Localized,
  policy: LifecyclePolicy,
  ownerId: string | undefined,
): AddNoteEffect {
  return { type: 'addNote', target, body, language: ownerLanguage(policy, ownerId) };
}

/** The note of an automatic promotion to MQL. */
export function promotionNote(input: NoteEvent): Localized {
  const by = byWhomWhen(input.actor, input.at, input.names);
  return joinLocalized([
    {
      en: `Promoted to marketing-qualified lead ${by.en}.`,
      de: `Zum Marketing-qualifizierten Lead befördert ${by.de}.`,
    },
    describeScore(input.score),
  ]);
}

/** What the hand-off did with the deal, for its note. */
export type HandOffDeal =
  | { kind: 'new'; name: string }
  | { kind: 'reopened'; dealId: string }
  | { kind: 'adopted'; dealId: string; name?: string | undefined };

function handOffDealSentence(deal: HandOffDeal, names: NoteNames | undefined): Localized {
  switch (deal.kind) {
    case 'new':
      return { en: `New deal: “${deal.name}”.`, de: `Neuer Deal: „${deal.name}“.` };
    case 'reopened': {
      const name = describeDeal(deal.dealId, names);
      return {
        en: `Deal ${name.en} reopened; its plan is kept.`,
        de: `Deal ${name.de} wieder geöffnet; sein Plan bleibt erhalten.`,
      };
    }
    case 'adopted': {
      const given = deal.name?.trim();
      const name = given
        ? describeDeal(deal.dealId, { deals: { [deal.dealId]: given } })
        : describeDeal(deal.dealId, names);
      return {
        en: `Existing deal ${name.en} adopted; its plan starts there.`,
        de: `Bestehender Deal ${name.de} übernommen; sein Plan beginnt dort.`,
      };
    }
  }
}

/** The note of a hand-off to sales, on the contact and on the deal. */
export function handOffNote(input: NoteEvent & { ownerId: string; deal: HandOffDeal }): Localized {
  const by = byWhomWhen(input.actor, input.at, input.names);
  const owner = describePerson(input.ownerId, input.names);
  return joinLocalized([
    { en: `Handed off to sales ${by.en}.`, de: `An den Vertrieb übergeben ${by.de}.` },
    { en: `Sales owner: ${owner.en}.`, de: `Deal-Inhaber im Vertrieb: ${owner.de}.` },
    handOffDealSentence(input.deal, input.names),
    describeScore(input.score),
  ]);
}

/** Where a returned contact's owner came from, as the note says it. */
const RETURN_OWNER_SOURCE: Record<'previous' | 'configured' | 'team', Localized> = {
  previous: { en: 'the owner before the hand-off', de: 'Kontaktinhaber vor der Übergabe' },
  configured: { en: 'marketing', de: 'Marketing' },
  team: { en: 'team round robin', de: 'Round Robin im Team' },
};

/** What the return did with the deal, for its note. */
export type ReturnDeal =
  { kind: 'closedLost'; dealId: string } | { kind: 'moved'; dealId: string; stageId: string };

/** The note of a return to marketing, on the contact and on its deal. */
export function returnNote(
  input: NoteEvent & {
    reasonLabel: Localized;
    note: string | undefined;
    loopCount: number;
    owner: { ownerId: string; source: 'previous' | 'configured' | 'team' } | undefined;
    deal: ReturnDeal | undefined;
  },
): Localized {
  const by = byWhomWhen(input.actor, input.at, input.names);
  const { owner, deal, names } = input;
  const ownerName = owner ? describePerson(owner.ownerId, names) : undefined;
  const ownerSentence: Localized =
    owner !== undefined && ownerName !== undefined
      ? {
          en: `Owner: ${ownerName.en} (${RETURN_OWNER_SOURCE[owner.source].en}).`,
          de: `Kontaktinhaber: ${ownerName.de} (${RETURN_OWNER_SOURCE[owner.source].de}).`,
        }
      : {
          en: 'The owner was kept: no marketing owner is configured in the app settings.',
          de: 'Der Kontaktinhaber wurde beibehalten: In den App-Einstellungen ist kein Kontaktinhaber im Marketing hinterlegt.',
        };
  const dealSentence: Localized[] = [];
  if (deal !== undefined) {
    const name = describeDeal(deal.dealId, names);
    if (deal.kind === 'closedLost') {
      dealSentence.push({
        en: `Deal ${name.en} closed as lost.`,
        de: `Deal ${name.de} als verloren geschlossen.`,
      });
    } else {
      const stage = describeStage(deal.stageId, names);
      dealSentence.push({
        en: `Deal ${name.en} moved to stage ${stage.en}.`,
        de: `Deal ${name.de} in die Phase ${stage.de} verschoben.`,
      });
    }
  }
  return joinLocalized([
    { en: `Returned to marketing ${by.en}.`, de: `An das Marketing zurückgegeben ${by.de}.` },
    { en: `Reason: ${input.reasonLabel.en}.`, de: `Grund: ${input.reasonLabel.de}.` },
    ...describeUserNote(input.note),
    { en: `Return number ${input.loopCount}.`, de: `Rückgabe Nr. ${input.loopCount}.` },
    ownerSentence,
    ...dealSentence,
    describeScore(input.score),
  ]);
}

/** The note of a won deal, on the contact. */
export function wonNote(input: NoteEvent & { dealId: string }): Localized {
  const by = byWhomWhen(input.actor, input.at, input.names);
  const deal = describeDeal(input.dealId, input.names);
  return joinLocalized([
    {
      en: `Deal ${deal.en} won (recorded ${by.en}): the contact is now a customer.`,
      de: `Deal ${deal.de} gewonnen (erfasst ${by.de}): Der Kontakt ist jetzt Kunde.`,
    },
    describeScore(input.score),
  ]);
}

/** The note of a lost deal, on the contact. */
export function lostNote(
  input: NoteEvent & { dealId: string; reason: string | undefined },
): Localized {
  const by = byWhomWhen(input.actor, input.at, input.names);
  const deal = describeDeal(input.dealId, input.names);
  return joinLocalized([
    {
      en: `Deal ${deal.en} lost (recorded ${by.en}).`,
      de: `Deal ${deal.de} verloren (erfasst ${by.de}).`,
    },
    ...(input.reason === undefined
      ? []
      : [{ en: `Reason: ${input.reason}.`, de: `Grund: ${input.reason}.` }]),
    describeScore(input.score),
  ]);
}
