// A CRM write HubSpot refused, told to the seller: from API version 2026-09 HubSpot enforces the
// portal admin's property validation rules on every write (400 VALIDATION_ERROR with the rule's
// message; changelog 2026-08-11, https://developers.hubspot.com/changelog), so a save can fail for
// reasons the product did not cause. The seller reads which property (by its label where the
// product knows it) and what HubSpot said; when the write was one effect of several, which step
// failed and what was already done.
import type { FieldError, Localized } from '../../domain/errors.ts';
import type { Effect } from '../../domain/lifecycle/index.ts';
import { PRODUCT_PROPERTIES } from '../../domain/properties.ts';
import type { HubSpotValidationError } from '../../hubspot/errors.ts';

/**
 * Labels of HubSpot's own properties the product writes (HubSpot's English and German UI names).
 * https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
 */
const HUBSPOT_PROPERTY_LABELS: Record<string, Localized> = {
  lifecyclestage: { en: 'Lifecycle stage', de: 'Lebenszyklusphase' },
  hs_lead_status: { en: 'Lead status', de: 'Lead-Status' },
  hubspot_owner_id: { en: 'Owner', de: 'Inhaber' },
  dealname: { en: 'Deal name', de: 'Deal-Name' },
  dealstage: { en: 'Deal stage', de: 'Deal-Phase' },
  pipeline: { en: 'Pipeline', de: 'Pipeline' },
  amount: { en: 'Amount', de: 'Betrag' },
  closedate: { en: 'Close date', de: 'Abschlussdatum' },
  hs_note_body: { en: 'Note body', de: 'Notiztext' },
};

const PRODUCT_LABELS = new Map(
  PRODUCT_PROPERTIES.map((property) => [property.name, property.label]),
);

/** The label the seller knows a property by; its internal name when the product has none. */
export function propertyLabel(propertyName: string): Localized {
  return (
    PRODUCT_LABELS.get(propertyName) ??
    HUBSPOT_PROPERTY_LABELS[propertyName] ?? { en: propertyName, de: propertyName }
  );
}

/** The seller's message for a refused write, naming each property; null when HubSpot named none. */
export function describeRefusal(
  error: HubSpotValidationError,
): { message: Localized; fields: FieldError[] } | null {
  const refused = error.refusedProperties();
  if (refused.length === 0) return null;
  const fields = refused.map(({ propertyName, message }) => ({ path: propertyName, message }));
  // Quotation marks as each language writes them: "…" in English, „…“ in German.
  const quote = { en: ['"', '"'], de: ['„', '“'] } as const;
  const list = (language: keyof Localized) =>
    refused
      .map(({ propertyName, message }) => {
        const [open, close] = quote[language];
        return `${open}${propertyLabel(propertyName)[language]}${close}: ${message}`;
      })
      .join('; ');
  const rule = error.category === 'VALIDATION_ERROR';
  return {
    message: {
      en: `HubSpot refused the change${rule ? ' under this portal’s validation rules' : ''} — ${list('en')}. Correct the value in HubSpot or ask your HubSpot admin about the rule.`,
      de: `HubSpot hat die Änderung${rule ? ' wegen der Validierungsregeln dieses Portals' : ''} abgelehnt — ${list('de')}. Korrigieren Sie den Wert in HubSpot oder fragen Sie Ihren HubSpot-Admin nach der Regel.`,
    },
    fields,
  };
}

/** Where in an effect list a failure happened. */
export interface FailedEffect {
  /** 0-based index of the effect that failed. */
  index: number;
  total: number;
  type: Effect['type'];
}

// The effect runner rethrows the ORIGINAL error (callers tell rate limits from refusals by class);
// the failing step travels beside it.
const failedEffects = new WeakMap<object, FailedEffect>();

/** Records that `error` came from effect `index` of `effects` (the runner calls this). */
export function recordFailedEffect(
  error: unknown,
  effects: readonly Effect[],
  index: number,
): void {
  if (error === null || typeof error !== 'object' || failedEffects.has(error)) return;
  const effect = effects[index];
  if (effect) failedEffects.set(error, { index, total: effects.length, type: effect.type });
}

/** The effect a thrown error came from, if it came from the effect runner. */
export function failedEffectOf(error: unknown): FailedEffect | undefined {
  return error !== null && typeof error === 'object' ? failedEffects.get(error) : undefined;
}

const EFFECT_NAMES: Record<Effect['type'], Localized> = {
  setLifecycleStage: { en: 'set the lifecycle stage', de: 'Lebenszyklusphase setzen' },
  setOwner: { en: 'set the owner', de: 'Inhaber setzen' },
  setLeadStatus: { en: 'set the lead status', de: 'Lead-Status setzen' },
  createDeal: { en: 'create the deal', de: 'Deal anlegen' },
  reopenDeal: { en: 'reopen the deal', de: 'Deal wieder öffnen' },
  moveDealStage: { en: 'move the deal stage', de: 'Deal-Phase ändern' },
  closeDeal: { en: 'close the deal', de: 'Deal schließen' },
  writeProperties: { en: 'write the properties', de: 'Eigenschaften schreiben' },
  associate: { en: 'associate the records', de: 'Datensätze verknüpfen' },
  addNote: { en: 'add the note', de: 'Notiz hinzufügen' },
  createTask: { en: 'create the task', de: 'Aufgabe anlegen' },
  carryOverPlan: { en: 'carry the plan over', de: 'Plan übertragen' },
  syncLeadObject: { en: 'update the HubSpot lead', de: 'HubSpot-Lead aktualisieren' },
};

/** Prefixes `message` with the step that failed and what was done before it. */
export function withFailedStep(message: Localized, step: FailedEffect): Localized {
  const n = step.index + 1;
  const name = EFFECT_NAMES[step.type];
  const doneEn = step.index === 0 ? 'Nothing was changed.' : `Steps 1–${step.index} were done.`;
  const doneDe =
    step.index === 0 ? 'Es wurde nichts geändert.' : `Die Schritte 1–${step.index} sind erledigt.`;
  return {
    en: `Step ${n} of ${step.total} (${name.en}) failed; the remaining steps were not run. ${doneEn} ${message.en}`,
    de: `Schritt ${n} von ${step.total} (${name.de}) ist fehlgeschlagen; die übrigen Schritte wurden nicht ausgeführt. ${doneDe} ${message.de}`,
  };
}
