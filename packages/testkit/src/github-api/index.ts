export * from './git-http.ts';
export type { PullRequestRecord } from './pulls.ts';
export * from './server.ts';
