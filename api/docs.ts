/** /docs: the OpenAPI document rendered as a page, self-contained (no scripts or fonts from elsewhere). */
const escape = (s: unknown) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function docsPage(openapi: Record<string, any>): string {
  const sections: string[] = [];
  for (const [path, methods] of Object.entries(openapi.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).map((p: any) => `<li><code>${escape(p.name)}</code> (${escape(p.in)}${p.required ? ', required' : ''})</li>`).join('');
      const body = op.requestBody ? `<details><summary>Request body</summary><pre>${escape(JSON.stringify(op.requestBody.content['application/json'].schema, null, 2))}</pre></details>` : '';
      const responses = Object.entries(op.responses).map(([status, r]: [string, any]) => `<li><b>${status}</b> ${escape(r.description)}</li>`).join('');
      sections.push(`<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(op.summary)}${op.description ? ` <i>${escape(op.description)}</i>` : ''}</p>${params ? `<ul>${params}</ul>` : ''}${body}<ul>${responses}</ul></section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(openapi.info.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em}section{border-top:1px solid #ddd;padding:.5em 0}
.m{display:inline-block;min-width:4em;padding:0 .4em;border-radius:3px;color:#fff;font-size:.8em;text-align:center}.get{background:#2b7}.post{background:#27b}.put{background:#b72}.delete{background:#b33}
pre{background:#f6f6f6;padding:.5em;overflow:auto;font-size:.8em}</style></head><body>
<h1>${escape(openapi.info.title)}</h1><p>${escape(openapi.info.description)} Machine-readable: <a href="/openapi.json">/openapi.json</a>.
Errors always have the shape <code>{"error":{"code","message","details"}}</code>. Authenticate with <code>Authorization: Bearer &lt;JWT&gt;</code>.</p>
${sections.join('\n')}</body></html>`;
}
