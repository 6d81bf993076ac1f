/** `/api/docs`: the route table as a small HTML page (the full contract is /api/openapi.json). */
import type { Route } from './route.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function docsPage(routes: readonly Route[], version: string): string {
  const rows = routes
    .map((r) => {
      const path = escapeHtml(r.path);
      const link = r.method === 'get' && !r.path.includes(':') ? `<a href="${path}">${path}</a>` : path;
      return `<tr><td>${r.method.toUpperCase()}</td><td><code>${link}</code></td><td>${escapeHtml(r.summary)}</td><td>${r.mutating ? 'token' : ''}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>actsearch API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem}td{padding:.2rem .8rem;vertical-align:top}tr:nth-child(even){background:#8881}</style></head>
<body><h1>actsearch API ${escapeHtml(version)}</h1>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Errors are <code>{"error": {"code", "message", "fields"?}}</code>.
Routes marked <i>token</i> need <code>Authorization: Bearer &lt;token&gt;</code> when tokens are configured.</p>
<table><thead><tr><th>method</th><th>path</th><th>what</th><th>auth</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
