// What every part of the settings editor receives: its slice of the draft, a way to change it,
// the texts, and the backend's field errors keyed by full path (`scoring.fit.cap`).
import type { FieldErrorMap } from '../lib/field-errors.ts';
import type { Language } from '../lib/types.ts';
import type { Messages } from '../messages/index.ts';

/** Props of one editor section over a value of type T. */
export interface EditorProps<T> {
  value: T;
  onChange: (next: T) => void;
  t: Messages;
  language: Language;
  errors: FieldErrorMap;
}
