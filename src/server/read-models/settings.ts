// The portal's settings as every request and job reads them (card operations, webhooks, background
// work, app functions).
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../../domain/settings.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { Store } from '../../store/store.ts';

/** The portal's settings, validated; a damaged stored copy falls back to defaults (and says so). */
export async function loadSettings(
  store: Store,
  portalId: number,
  logger: Logger,
): Promise<{ version: number; settings: Settings }> {
  const stored = await store.getSettings(portalId);
  if (!stored) return { version: 0, settings: DEFAULT_SETTINGS };
  const parsed = validateSettings(stored.value);
  if (!parsed.ok) {
    logger.error(
      { portalId, errors: parsed.errors },
      'stored settings are invalid; using defaults',
    );
    return { version: stored.version, settings: DEFAULT_SETTINGS };
  }
  return { version: stored.version, settings: parsed.value };
}
