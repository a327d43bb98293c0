export * from './harness.ts';
export * from './net.ts';
export * from './registry.ts';
