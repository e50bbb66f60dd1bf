// Which tab of the settings page holds a field, by its dotted path, so a validation answer can
// mark the tabs that need attention and open the first of them.

/** The page's tabs, in display order. */
export const SETTINGS_TABS = [
  'fit',
  'engagement',
  'thresholds',
  'preview',
  'handoff',
  'owners',
  'reasons',
  'qualification',
  'gates',
  'competitors',
  'calibration',
  'rescore',
] as const;
/** One tab id. */
export type SettingsTab = (typeof SETTINGS_TABS)[number];

const OWNER_FIELDS = ['returnOwner', 'marketingOwnerId', 'ownerLanguages'];

/** The tab that shows the field at `path` (`settings.scoring.fit.groups.0.rules.2.points`). */
export function tabOfPath(path: string): SettingsTab | null {
  const parts = path.replace(/^settings\./, '').split('.');
  const [area, part] = parts;
  switch (area) {
    case 'scoring':
      if (part === 'fit' || part === 'engagement') return part;
      return 'thresholds';
    case 'lifecycle':
      if (part === 'returnReasons') return 'reasons';
      return OWNER_FIELDS.includes(part ?? '') ? 'owners' : 'handoff';
    case 'qualification':
    case 'sectionWeights':
      return 'qualification';
    case 'stageGates':
      return 'gates';
    case 'competitors':
      return 'competitors';
    default:
      return null;
  }
}

/** How many field problems each tab has. */
export function problemsByTab(paths: readonly string[]): Partial<Record<SettingsTab, number>> {
  const counts: Partial<Record<SettingsTab, number>> = {};
  for (const path of paths) {
    const tab = tabOfPath(path);
    if (tab !== null) counts[tab] = (counts[tab] ?? 0) + 1;
  }
  return counts;
}
