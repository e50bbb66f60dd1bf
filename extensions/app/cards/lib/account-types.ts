// The account's card-API answers: declared once, in the contract (src/contract/account.ts).
export type * from '../../../../src/contract/account.ts';
