export * from './credentials.ts';
export * from './errors.ts';
export * from './github.ts';
export * from './images.ts';
export * from './labels.ts';
export * from './reference.ts';
export * from './tags.ts';
export * from './duration.ts';
