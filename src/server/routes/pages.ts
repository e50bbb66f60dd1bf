// Small HTML pages shown to a person (install success or failure), in English and German.

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A self-contained result page with both languages. */
export function renderPage(page: { ok: boolean; en: string; de: string }): string {
  const title = page.ok
    ? 'Opportunity Plan — installed'
    : 'Opportunity Plan — installation problem';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;color:#33475b}
h1{font-size:1.4rem;color:${page.ok ? '#00a4bd' : '#d94c53'}}p{line-height:1.5}</style></head>
<body><h1>${title}</h1><p>${escapeHtml(page.en)}</p><p lang="de">${escapeHtml(page.de)}</p></body></html>`;
}
