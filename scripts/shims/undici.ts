// @actions/http-client imports undici only to build a ProxyAgent for fetch-based clients
// (Octokit). Actions that never make such a client bundle this instead of the ~800 kB of
// undici, which would otherwise be parsed on every start.
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled into this action: it makes no fetch-based GitHub API calls');
  }
}
