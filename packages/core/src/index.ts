export * from './credentials.ts';
export * from './errors.ts';
export * from './images.ts';
export * from './reference.ts';
