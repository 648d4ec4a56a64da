export type * from './hal.ts';
export type * from './matrix.ts';
export type * from './publish-contracts.ts';
export type * from './environments.ts';
export type * from './pacticipant-versions.ts';
export type * from './schemas.ts';
export type * from './treaty-export.ts';
