// Calibration of the scoring model from the loop: evidence per rule, threshold and grade, a
// proposal with reasons in plain words, and a backtest on held-out newest hand-offs.
export * from './records.ts';
export * from './tally.ts';
export * from './evidence.ts';
export * from './proposal.ts';
export * from './backtest.ts';
export * from './calibrate.ts';
