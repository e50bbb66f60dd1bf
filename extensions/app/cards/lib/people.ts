// Who did something, as the cards name them: HubSpot stores a user id (a section's `updatedBy`, an
// assessment's `answeredBy`); the plan view carries the portal's owners, each with its user id.
import type { I18n } from './i18n.ts';
import type { OwnerView } from './types.ts';

/**
 * The name of the user `userId` among `owners`; a user who is no owner of the portal (deactivated,
 * or never given records) keeps a readable mention ("user 5001005") instead of a bare number.
 * Null when nobody is named.
 */
export function userName(
  owners: readonly OwnerView[] | undefined,
  userId: string | null,
  i18n: I18n,
): string | null {
  if (!userId) return null;
  return (
    owners?.find((owner) => owner.userId === userId)?.name ??
    i18n.format(i18n.t.common.userWithId, { id: userId })
  );
}
