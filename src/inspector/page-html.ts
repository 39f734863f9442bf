// The inspector's one HTML document: a shell the bundled script fills in. No inline script or style (the CSP forbids them).

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function pageHtml(opts: { token: string; title: string }): string {
  // The token rides in a meta tag: only a page that already holds it (same origin) can read it, and the
  // page's POSTs send it back as a header, which no other site can do.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="wd-token" content="${escapeAttr(opts.token)}">
<title>webhook-doctor inspector — ${escapeAttr(opts.title)}</title>
<link rel="stylesheet" href="/page.css">
<script src="/page.js" defer></script>
</head>
<body>
<noscript>The inspector needs JavaScript (its own, served by webhook-doctor; nothing from the network).</noscript>
</body>
</html>
`;
}
