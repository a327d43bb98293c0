export * from './boundary.ts';
export * from './inputs.ts';
export * from './registry-login.ts';
