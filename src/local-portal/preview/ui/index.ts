// What the preview bundle gets for `import … from '@hubspot/ui-extensions'`: the HTML components,
// the `hubspot` object and the hooks (scripts/build-preview.mjs aliases the package to this file).
export * from './components.tsx';
export type { BaseDate } from './components.tsx';
export {
  hubspot,
  useExtensionActions,
  useExtensionContext,
  type HubSpotFetchOptions,
} from './runtime.tsx';
