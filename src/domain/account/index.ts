// The account: the company-level customer profile, the company overview, the relationship map.
export * from './profile.ts';
export * from './relationship-map.ts';
export * from './overview.ts';
