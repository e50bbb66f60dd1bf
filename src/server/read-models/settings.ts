// The portal's settings as every request and job reads them (card operations, webhooks, background
// work, app functions). The rule is the domain's (settingsFromStore): missing settings are the
// defaults, damaged ones are refused as stored_data_damaged, never replaced by the defaults.
import { StoredDataDamagedError } from '../../domain/errors.ts';
import { DEFAULT_SETTINGS, settingsFromStore, type Settings } from '../../domain/settings.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { Store } from '../../store/store.ts';

/** The portal's settings, validated; damaged stored settings are logged and thrown. */
export async function loadSettings(
  store: Pick<Store, 'getSettings'>,
  portalId: number,
  logger: Logger,
): Promise<{ version: number; settings: Settings }> {
  try {
    return settingsFromStore(await store.getSettings(portalId), portalId);
  } catch (error) {
    if (error instanceof StoredDataDamagedError) {
      logger.error(
        { portalId, record: error.record, property: error.property, problem: error.problem },
        'stored settings are damaged: what needs them is refused until an admin saves the settings',
      );
    }
    throw error;
  }
}

/**
 * The settings for the settings page only: with damaged stored settings, the defaults to edit and
 * the damage to show (record, property, problem), with the stored version, so the admin's save
 * replaces the damaged copy on purpose. Nothing else may use these defaults.
 */
export async function loadSettingsForRepair(
  store: Pick<Store, 'getSettings'>,
  portalId: number,
  logger: Logger,
): Promise<{ version: number; settings: Settings; damaged: StoredDataDamagedError | null }> {
  try {
    return { ...(await loadSettings(store, portalId, logger)), damaged: null };
  } catch (error) {
    if (!(error instanceof StoredDataDamagedError)) throw error;
    const stored = await store.getSettings(portalId);
    return { version: stored?.version ?? 0, settings: DEFAULT_SETTINGS, damaged: error };
  }
}
