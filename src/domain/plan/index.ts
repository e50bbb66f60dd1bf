// The Opportunity Plan: section schemas, stored documents, completeness and stage gates.
export * from './sections.ts';
export * from './document.ts';
export * from './completeness.ts';
export * from './stage-gates.ts';
export * from './gate-enforcement.ts';
export * from './buying-roles.ts';
export * from './next-stage.ts';
export * from './mirrors.ts';
