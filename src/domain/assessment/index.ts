// The qualification assessment's public API: the four questions, scoring, the per-deal history
// document and the competitor assessments stored in it.
export * from './questions.ts';
export * from './assessment.ts';
export * from './competitor.ts';
export * from './history.ts';
export * from './requalification-task.ts';
