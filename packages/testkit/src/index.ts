export * from './acr/index.ts';
export * from './harness.ts';
export * from './net.ts';
export * from './registry.ts';
export * from './seed.ts';
export * from './tls.ts';
export * from './token-server.ts';
