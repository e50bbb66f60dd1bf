/// <reference lib="dom" />
// An HTML implementation of the @hubspot/ui-extensions components the cards, the settings page and
// the app page use, with the same props and the same event semantics as HubSpot's own:
// - Input, TextArea, NumberInput and CurrencyInput call `onInput` on every keystroke and `onChange`
//   only when the value is committed (on blur, on Enter, on form submit): "onChange: invoked when
//   the value is committed. Currently these times are onBlur of the input and when the user submits
//   the form" (https://developers.hubspot.com/docs/reference/ui-components/standard-components/input).
// - Select calls `onChange` with the chosen option's own value (string or number); MultiSelect with
//   the array of values; Checkbox and Toggle with `checked`; DateInput with `{ year, month, date }`
//   (month 0-based) or null when cleared.
// - `error` marks a field invalid and `validationMessage` is shown beneath it.
// Every component renders `testId` as `data-testid`, so browser tests find them as HubSpot's
// testing kit finds them by `testId`.
// The components live in components/, one module per family; this module is their one entry.
export * from './components/layout.tsx';
export * from './components/buttons.tsx';
export * from './components/fields.tsx';
export * from './components/choices.tsx';
export * from './components/navigation.tsx';
export * from './components/table.tsx';
export * from './components/feedback.tsx';
export * from './components/charts.tsx';
