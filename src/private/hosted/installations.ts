// Installations (tokens encrypted with the cipher) and the settings document, each one record
// written under its lock.
import { parseInstallationInput } from '../../store/store.ts';
import type { Installation, InstallationStore, StoredSettings } from '../../store/store.ts';
import { key, parse, stored } from './context.ts';
import type { HostedContext } from './context.ts';

/** An installation as recorded: its tokens encrypted. */
type InstallationValue = Installation;

export function installationMethods(context: HostedContext): InstallationStore {
  const { records, now, put, read, withLock, requireCipher } = context;

  function toInstallation(value: InstallationValue): Installation {
    const cipher = requireCipher();
    return {
      ...value,
      accessToken: cipher.decrypt(value.accessToken),
      refreshToken: cipher.decrypt(value.refreshToken),
    };
  }

  const putInstallation = (value: InstallationValue) =>
    put(key.installation(value.portalId), {
      kind: 'installation',
      portalId: value.portalId,
      value,
    });

  return {
    async saveInstallation(input) {
      const valid = parseInstallationInput(input);
      const cipher = requireCipher();
      return withLock(`internal:${key.installation(valid.portalId)}`, async () => {
        const at = now();
        const previous = await read<InstallationValue>(key.installation(valid.portalId));
        const installedBy = valid.installedBy ?? previous?.installedBy;
        const hubDomain = valid.hubDomain ?? previous?.hubDomain;
        const value: InstallationValue = {
          portalId: valid.portalId,
          scopes: valid.scopes,
          accessToken: cipher.encrypt(valid.accessToken),
          refreshToken: cipher.encrypt(valid.refreshToken),
          expiresAt: valid.expiresAt,
          ...(installedBy ? { installedBy } : {}),
          ...(hubDomain ? { hubDomain } : {}),
          status: 'active',
          // A re-install after an uninstall starts a new installation; a token refresh keeps its start.
          installedAt: previous && previous.status === 'active' ? previous.installedAt : at,
          updatedAt: at,
          uninstalledAt: null,
          uninstallReason: null,
        };
        await putInstallation(value);
        return toInstallation(value);
      });
    },

    async getInstallation(portalId) {
      const value = await read<InstallationValue>(key.installation(portalId));
      return value ? toInstallation(value) : null;
    },

    async markUninstalled(portalId, reason) {
      return withLock(`internal:${key.installation(portalId)}`, async () => {
        const value = await read<InstallationValue>(key.installation(portalId));
        if (!value) return false;
        const at = now();
        await putInstallation({
          ...value,
          status: 'uninstalled',
          updatedAt: at,
          uninstalledAt: at,
          uninstallReason: reason,
        });
        return true;
      });
    },

    async listInstallations() {
      const found = await records.scan({ kind: 'installation' });
      return found
        .map((record) => toInstallation(parse<InstallationValue>(record)))
        .sort((a, b) => a.portalId - b.portalId);
    },

    getSettings: (portalId) => read<StoredSettings>(key.settings(portalId)),

    async putSettings(portalId, value, { expectedVersion, updatedBy }) {
      return withLock(`internal:${key.settings(portalId)}`, async () => {
        const current = (await read<StoredSettings>(key.settings(portalId)))?.version ?? 0;
        if (current !== expectedVersion) return { ok: false as const, currentVersion: current };
        const version = current + 1;
        const settings: StoredSettings = {
          version,
          value: stored(value),
          updatedAt: now(),
          updatedBy,
        };
        await put(key.settings(portalId), { kind: 'settings', portalId, value: settings });
        return { ok: true as const, version };
      });
    },
  };
}
