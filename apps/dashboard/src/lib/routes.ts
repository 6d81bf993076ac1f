/** The dashboard's pages and the paths that name them. */

export type Route =
  | { readonly page: 'campaigns' }
  | { readonly page: 'campaign'; readonly id: string }
  | { readonly page: 'leaderboard' }
  | { readonly page: 'activation'; readonly fingerprint: string }
  | { readonly page: 'not-found'; readonly path: string };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/campaigns') return { page: 'campaigns' };
  if (path === '/leaderboard') return { page: 'leaderboard' };
  let m = /^\/campaigns\/([^/]+)$/.exec(path);
  if (m !== null) return { page: 'campaign', id: decodeURIComponent(m[1] as string) };
  m = /^\/activations\/([0-9a-f]+)$/.exec(path);
  if (m !== null) return { page: 'activation', fingerprint: m[1] as string };
  return { page: 'not-found', path };
}
