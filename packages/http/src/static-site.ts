/**
 * What `/` shows: the built dashboard when its folder exists (a single-page app: unknown non-API
 * paths get its index.html), otherwise a small page that links the API documentation.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express } from 'express';

function indexPage(version: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>actsearch</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem}code{font-size:.95em}</style></head>
<body>
<h1>actsearch ${version}</h1>
<p>A search engine for neural-network activation functions. The dashboard is not built here
(<code>apps/dashboard/dist</code> is missing); the API is ready.</p>
<ul>
<li><a href="/api/docs">API routes</a> and the <a href="/api/openapi.json">OpenAPI document</a></li>
<li><a href="/api/campaigns">campaigns</a>, <a href="/api/leaderboard">leaderboard</a>, <a href="/api/spaces">spaces</a>, <a href="/api/tasks">tasks</a></li>
<li><a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>, <a href="/metrics">/metrics</a></li>
</ul>
<p>From a terminal: <code>actsearch submit --help</code>, <code>actsearch watch &lt;id&gt;</code>, <code>actsearch leaderboard</code>.</p>
</body>
</html>
`;
}

/** Mounts the dashboard or the index page; returns which. */
export function mountSite(app: Express, dashboardDir: string | undefined, version: string): 'dashboard' | 'index' {
  const dir = dashboardDir === undefined ? undefined : resolve(dashboardDir);
  if (dir !== undefined && existsSync(join(dir, 'index.html'))) {
    app.use(
      express.static(dir, {
        index: 'index.html',
        maxAge: '1h',
        setHeaders: (res, path) => path.endsWith('index.html') && res.setHeader('Cache-Control', 'no-cache'),
      }),
    );
    app.get(/^\/(?!api\/|api$|healthz$|readyz$|metrics$).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(dir, 'index.html'));
    });
    return 'dashboard';
  }
  const html = indexPage(version);
  app.get('/', (_req, res) => {
    res.type('html').send(html);
  });
  return 'index';
}
