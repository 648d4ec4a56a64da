export type * from './hal.ts';
export type * from './matrix.ts';
