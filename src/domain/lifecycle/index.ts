// The lead ↔ opportunity lifecycle machine: state, policy, events, effects and the transition rules.
export * from './state.ts';
export * from './policy.ts';
export * from './events.ts';
export * from './effects.ts';
export * from './rejection.ts';
export * from './note.ts';
export * from './guards.ts';
export * from './transition.ts';
export * from './lead-object.ts';
export * from './closed-deal.ts';
export * from './score-transition.ts';
