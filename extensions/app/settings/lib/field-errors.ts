// The backend's validation_failed answer names each problem by its dotted path
// (`scoring.fit.groups.0.rules.2.value`). The page keeps them in a map and every input asks for
// the message at its own path, so the message appears next to the field it belongs to.

/** Messages by dotted field path. */
export type FieldErrorMap = Readonly<Record<string, string>>;

/** Builds the map from the backend's list; the first message for a path wins. */
export function toFieldErrorMap(
  fields: readonly { path: string; message: string }[],
): FieldErrorMap {
  const map: Record<string, string> = {};
  for (const { path, message } of fields) {
    if (!(path in map)) map[path] = message;
  }
  return map;
}

/** The message for a field: at its path or below it (`…value.0` belongs to the `…value` input). */
export function messageAt(errors: FieldErrorMap, path: string): string | undefined {
  if (path in errors) return errors[path];
  const prefix = `${path}.`;
  const key = Object.keys(errors).find((candidate) => candidate.startsWith(prefix));
  return key === undefined ? undefined : errors[key];
}

/** Props an input takes to show its error: `error` and `validationMessage`. */
export function errorProps(
  errors: FieldErrorMap,
  path: string,
): { error: boolean; validationMessage?: string } {
  const message = messageAt(errors, path);
  return message === undefined ? { error: false } : { error: true, validationMessage: message };
}
