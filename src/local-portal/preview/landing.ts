// The local portal's root page: what runs here, in English and German, with links to the card
// preview (record pages, settings, app page) and the portal's health. HubSpot's own root would
// show its login; an API error here was the first thing a new user saw.

/** What the landing page names. */
export interface LandingOptions {
  demoPortalId: number;
}

const LINKS: [string, string, string][] = [
  [
    '/preview?view=contact',
    'Contact record with the lead qualification card',
    'Kontakt-Datensatz mit der Karte zur Lead-Qualifizierung',
  ],
  [
    '/preview?view=deal',
    'Deal record with the opportunity plan',
    'Deal-Datensatz mit dem Opportunity Plan',
  ],
  ['/preview?view=company', 'Company record', 'Unternehmens-Datensatz'],
  ['/preview?view=settings', 'App settings', 'App-Einstellungen'],
  ['/preview?view=page', 'App page', 'App-Seite'],
];

/** The landing page's HTML. */
export function renderLandingPage(options: LandingOptions): string {
  const list = (lang: 'en' | 'de') =>
    LINKS.map(
      ([href, en, de]) =>
        `<li><a href="${href}${href.includes('?') ? '&' : '?'}lang=${lang}">${lang === 'en' ? en : de}</a></li>`,
    ).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local HubSpot portal · Opportunity Plan</title>
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<style>
body { font-family: "Lexend Deca", Helvetica, Arial, sans-serif; color: #33475b; margin: 0; background: #f5f8fa; }
main { max-width: 720px; margin: 48px auto; background: #fff; border: 1px solid #cbd6e2; border-radius: 4px; padding: 24px 32px; }
h1 { font-size: 22px; } h2 { font-size: 16px; margin-top: 28px; }
a { color: #0091ae; } .primary { display: inline-block; background: #ff7a59; color: #fff; padding: 8px 16px; border-radius: 3px; text-decoration: none; font-weight: 600; }
p.note { color: #516f90; font-size: 13px; }
</style>
</head>
<body>
<main>
<section lang="en" data-testid="landing-en">
<h1>Local HubSpot portal</h1>
<p>This server plays HubSpot for Opportunity Plan: its CRM API, OAuth, webhooks and the card preview.
The demo portal is <strong>${options.demoPortalId}</strong>.</p>
<p><a class="primary" href="/preview" data-testid="landing-preview">Open the card preview</a></p>
<ul>${list('en')}</ul>
<p class="note">API calls need an OAuth token, as on HubSpot. Health: <a href="/healthz">/healthz</a>.</p>
</section>
<section lang="de" data-testid="landing-de">
<h2>Lokales HubSpot-Portal</h2>
<p>Dieser Server spielt HubSpot für Opportunity Plan: CRM-API, OAuth, Webhooks und die Kartenvorschau.
Das Demo-Portal ist <strong>${options.demoPortalId}</strong>.</p>
<p><a href="/preview?lang=de">Kartenvorschau öffnen</a></p>
<ul>${list('de')}</ul>
<p class="note">API-Aufrufe benötigen wie bei HubSpot ein OAuth-Token.</p>
</section>
</main>
</body>
</html>`;
}
