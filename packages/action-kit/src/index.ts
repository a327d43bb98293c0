export * from './boundary.ts';
export * from './inputs.ts';
