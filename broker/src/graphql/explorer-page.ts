// A small self-contained explorer for GET /graphql in a browser: no CDN, no external assets (the
// broker and its users may have no internet access). A query box, variables, an optional token, a
// Run button that POSTs with fetch, the pretty-printed result, and the SDL for reference.

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const EXAMPLE_QUERY = `query Overview {
  pacticipants {
    name
    latestVersion { number createdAt }
    environments { name }
  }
  network {
    edges { source target status }
  }
}`;

/** The explorer page; `nonce` allows its one inline script and style under a strict CSP. */
export function explorerPage(sdl: string, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Treaty GraphQL explorer</title>
<style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
  header { padding: 10px 16px; background: #1d2330; color: #fff; display: flex; gap: 16px; align-items: center; }
  header h1 { font-size: 16px; margin: 0; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; padding: 12px 16px; }
  label { font-size: 12px; font-weight: 600; display: block; margin: 8px 0 4px; }
  textarea, input, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; box-sizing: border-box; width: 100%; }
  textarea { border: 1px solid #c8ccd4; border-radius: 4px; padding: 8px; }
  #query { height: 45vh; } #variables { height: 12vh; }
  input { border: 1px solid #c8ccd4; border-radius: 4px; padding: 6px 8px; }
  button { margin-top: 8px; padding: 6px 18px; font-size: 14px; background: #2f6fdd; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  pre { background: #fff; border: 1px solid #c8ccd4; border-radius: 4px; padding: 8px; overflow: auto; margin: 0; }
  #result { height: 66vh; } #status { font-size: 12px; margin-left: 8px; }
  details { padding: 0 16px 16px; } #sdl { max-height: 60vh; }
</style>
</head>
<body>
<header><h1>Treaty GraphQL explorer</h1><span>POST /graphql &middot; Ctrl/Cmd+Enter runs the query</span></header>
<main>
  <section>
    <label for="query">Query</label>
    <textarea id="query" spellcheck="false">${escapeHtml(EXAMPLE_QUERY)}</textarea>
    <label for="variables">Variables (JSON)</label>
    <textarea id="variables" spellcheck="false">{}</textarea>
    <label for="token">Bearer token (only when the broker requires one; kept in this tab only)</label>
    <input id="token" type="password" autocomplete="off">
    <button id="run" type="button">Run</button><span id="status"></span>
  </section>
  <section>
    <label for="result">Result</label>
    <pre id="result"></pre>
  </section>
</main>
<details><summary>Schema (SDL)</summary><pre id="sdl">${escapeHtml(sdl)}</pre></details>
<script nonce="${nonce}">
(function () {
  var $ = function (id) { return document.getElementById(id); };
  $('token').value = sessionStorage.getItem('treaty-token') || '';
  function run() {
    var variables;
    try { variables = JSON.parse($('variables').value || '{}'); } catch (e) { $('result').textContent = 'Variables are not valid JSON: ' + e.message; return; }
    var token = $('token').value.trim();
    sessionStorage.setItem('treaty-token', token);
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/graphql-response+json, application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    $('status').textContent = 'Running...';
    var started = Date.now();
    fetch(location.pathname, { method: 'POST', headers: headers, body: JSON.stringify({ query: $('query').value, variables: variables }) })
      .then(function (res) { return res.text().then(function (text) { return { status: res.status, text: text }; }); })
      .then(function (r) {
        var shown;
        try { shown = JSON.stringify(JSON.parse(r.text), null, 2); } catch (e) { shown = r.text; }
        $('result').textContent = shown;
        $('status').textContent = 'HTTP ' + r.status + ' in ' + (Date.now() - started) + ' ms';
      })
      .catch(function (e) { $('result').textContent = String(e); $('status').textContent = 'failed'; });
  }
  $('run').addEventListener('click', run);
  document.addEventListener('keydown', function (e) { if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') run(); });
})();
</script>
</body>
</html>`;
}
