// The web UI (web/, a Vite + React SPA) served under /ui:
//  - /ui/assets/* and other built files from web/dist (hashed assets cached for a year);
//  - any other /ui/... path answers index.html, so deep links (/ui/matrix?pacticipant=...) open the same view;
//  - when web/dist has not been built, an HTML page saying how to build it.
// Also GET / from a browser (Accept prefers text/html) redirects to /ui/; API clients asking for
// JSON or HAL (or */*) still get the HAL index, which is registered after this.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type Router } from 'express';
import type { RouteDeps } from '../../deps.ts';

const defaultDistDir = fileURLToPath(new URL('../../../../web/dist', import.meta.url));

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Treaty UI not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}code{background:#f0f3f6;padding:.1rem .3rem;border-radius:4px}</style>
</head><body>
<h1>The Treaty web UI has not been built</h1>
<p>This broker serves the UI from <code>web/dist</code>, which does not exist yet. Build it, then reload this page:</p>
<p><code>npm run build -w web</code></p>
<p>The API works without it: see the <a href="/">HAL index</a> and <a href="/graphql">/graphql</a>.</p>
</body></html>`;

/** True when the caller is a browser navigating (HTML preferred over JSON/HAL). */
function wantsHtml(req: Request): boolean {
  return req.accepts(['application/hal+json', 'application/json', 'text/html']) === 'text/html';
}

export function registerWebUiRoutes(router: Router, deps: RouteDeps): void {
  const distDir = deps.webUiDir ?? defaultDistDir;
  const indexFile = path.join(distDir, 'index.html');

  router.get('/', (req, res, next) => {
    res.vary('Accept');
    if (wantsHtml(req)) return res.redirect(302, '/ui/');
    next();
  });

  router.use(
    '/ui/assets',
    express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }),
  );
  router.use('/ui', express.static(distDir, { index: false, maxAge: 0, fallthrough: true }));

  const sendIndex = (res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(indexFile)) {
      res.status(503).type('html').send(notBuiltPage);
      return;
    }
    res.sendFile(indexFile);
  };

  router.get(['/ui', '/ui/{*rest}'], (req, res, next) => {
    // /ui → /ui/ (the router is not strict about trailing slashes, so check the raw URL).
    const q = req.originalUrl.indexOf('?');
    const rawPath = q < 0 ? req.originalUrl : req.originalUrl.slice(0, q);
    if (rawPath === '/ui') return res.redirect(301, `/ui/${q < 0 ? '' : req.originalUrl.slice(q)}`);
    // A missing asset is a 404, not the SPA: a browser would try to run index.html as a script.
    // Other paths with dots are deep links (versions such as 1.2.3, names such as my.service).
    if (req.path.startsWith('/ui/assets/')) return next();
    sendIndex(res);
  });
}
