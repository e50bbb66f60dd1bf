// The HTML of the preview page and its styles: HubSpot's look (navy top bar, white cards on a light
// grey canvas, orange primary buttons, teal links, Lexend-like sans-serif) close enough that a seller
// recognises a record page. The script (/preview/bundle.js) renders everything inside #preview-root.

/** The preview's stylesheet: the page chrome (pv-*) and the extension components (hs-*). */
export const PREVIEW_CSS = `
:root { --navy: #2d3e50; --ink: #33475b; --muted: #516f90; --line: #cbd6e2; --canvas: #f5f8fa;
  --orange: #ff7a59; --orange-dark: #e66e50; --teal: #0091ae; --green: #00bda5; --red: #f2545b;
  --yellow: #f5c26b; --blue: #0091ae; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "Lexend Deca", "Avenir Next", "Helvetica Neue", Helvetica, Arial, sans-serif;
  color: var(--ink); background: var(--canvas); }
.pv-topbar { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; padding: 8px 20px;
  background: var(--navy); color: #fff; }
.pv-logo { color: var(--orange); font-size: 22px; }
.pv-portal { font-weight: 600; margin-right: 12px; }
.pv-picker { display: flex; align-items: center; gap: 6px; font-size: 12px; color: #cbd6e2; }
.pv-picker select { max-width: 320px; padding: 4px 6px; border-radius: 3px; border: 1px solid #516f90;
  background: #fff; color: var(--ink); font: inherit; font-size: 13px; }
.pv-main { padding: 16px 20px 40px; }
.pv-loading, .pv-failure, .pv-empty { padding: 40px; text-align: center; }
.pv-failure { color: var(--red); }
.pv-record { display: grid; grid-template-columns: 300px minmax(0, 1fr) 320px; gap: 16px; align-items: start; }
.pv-left, .pv-right { display: flex; flex-direction: column; gap: 12px; }
.pv-left { background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 16px; }
.pv-back { color: var(--teal); text-decoration: none; font-size: 13px; }
.pv-back:hover { text-decoration: underline; }
.pv-record-picker { gap: 8px; }
.pv-record-picker input { width: 220px; padding: 4px 6px; border-radius: 3px; border: 1px solid #516f90; }
.pv-matches { font-size: 12px; color: var(--muted); min-width: 0; }
.pv-index-search { width: 100%; max-width: 480px; padding: 8px; border: 1px solid var(--line); border-radius: 3px; }
.pv-index-list { list-style: none; padding: 0; }
.pv-index-list li { display: flex; gap: 12px; padding: 6px 0; border-bottom: 1px solid var(--line); font-size: 14px; }
.pv-index-list li span { color: var(--muted); }
.pv-stage { margin: 12px 0; display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
.pv-stage label { display: flex; flex-direction: column; gap: 4px; }
.pv-stage select { padding: 6px; border: 1px solid var(--line); border-radius: 3px; }
.pv-stage-error { color: #d93d66; margin: 0; }
.pv-identity { display: flex; gap: 12px; align-items: center; padding: 8px 0 12px; border-bottom: 1px solid var(--line); }
.pv-identity h1 { font-size: 18px; margin: 0; }
.pv-identity p { margin: 0; color: var(--muted); font-size: 12px; word-break: break-all; }
.pv-avatar { flex: none; width: 48px; height: 48px; border-radius: 50%; background: #eaf0f6; color: var(--navy);
  display: flex; align-items: center; justify-content: center; font-weight: 600; }
.pv-props summary { cursor: pointer; font-weight: 600; padding: 8px 0; }
.pv-props dl { margin: 0; }
.pv-props dl > div { padding: 4px 0; }
.pv-props dt { font-size: 12px; color: var(--muted); }
.pv-props dd { margin: 0; word-break: break-word; }
.pv-middle { min-width: 0; }
.pv-tabbar { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 12px; }
.pv-tabbar button { border: 0; background: none; padding: 10px 16px; font: inherit; color: var(--ink); cursor: pointer;
  border-bottom: 3px solid transparent; }
.pv-tabbar button[aria-selected="true"] { border-bottom-color: var(--ink); font-weight: 600; }
.pv-card { background: #fff; border: 1px solid var(--line); border-radius: 4px; margin-bottom: 12px; }
.pv-card-head { display: flex; align-items: baseline; justify-content: space-between; gap: 8px; padding: 12px 16px;
  border-bottom: 1px solid var(--line); }
.pv-card-head h2 { margin: 0; font-size: 16px; }
.pv-card-app { font-size: 11px; color: var(--muted); }
.pv-card-body { padding: 16px; }
.pv-assoc { list-style: none; margin: 0; padding: 0; }
.pv-assoc li { display: flex; flex-direction: column; padding: 6px 0; border-bottom: 1px solid #eaf0f6; }
.pv-assoc a { color: var(--teal); text-decoration: none; font-weight: 600; }
.pv-assoc span { font-size: 12px; color: var(--muted); }
.pv-fullpage { max-width: 1100px; margin: 0 auto; }
.pv-page-title { font-size: 22px; }
.pv-footnote { font-size: 11px; color: var(--muted); margin-top: 4px; }
.pv-toasts { position: absolute; top: 60px; right: 20px; z-index: 20; display: flex; flex-direction: column; gap: 8px; width: 380px; }
.pv-toast { display: flex; justify-content: space-between; gap: 8px; padding: 12px 14px; background: #fff;
  border: 1px solid var(--line); border-left: 6px solid var(--teal); border-radius: 4px; box-shadow: 0 2px 8px rgba(45,62,80,.2); }
.pv-toast p { margin: 2px 0 0; }
.pv-toast button { border: 0; background: none; font-size: 18px; cursor: pointer; color: var(--muted); align-self: start; }
.pv-toast-success { border-left-color: var(--green); }
.pv-toast-warning { border-left-color: var(--yellow); }
.pv-toast-danger, .pv-toast-error { border-left-color: var(--red); }
.hs-text { margin: 0; }
.hs-text-microcopy { font-size: 12px; color: var(--muted); }
.hs-inline { display: inline; }
.hs-truncate { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.hs-heading { font-size: 15px; margin: 4px 0 0; }
.hs-link { color: var(--teal); }
.hs-divider { border: 0; border-top: 1px solid var(--line); margin: 8px 0; width: 100%; }
.hs-tile { border: 1px solid var(--line); border-radius: 4px; padding: 16px; background: #fff; }
.hs-tile-compact { padding: 10px; }
.hs-list { margin: 0; padding-left: 20px; }
.hs-list-inline { display: flex; gap: 8px; list-style: none; padding: 0; }
.hs-dl { margin: 0; display: flex; flex-direction: column; gap: 8px; }
.hs-dl-row { flex-direction: row; flex-wrap: wrap; gap: 24px; }
.hs-dl dt { font-size: 12px; color: var(--muted); }
.hs-dl dd { margin: 0; }
.hs-button { display: inline-flex; align-items: center; gap: 6px; border-radius: 3px; padding: 8px 16px; font: inherit;
  font-weight: 600; cursor: pointer; border: 1px solid var(--orange); text-decoration: none; }
.hs-button-xs, .hs-button-extra-small { padding: 3px 10px; font-size: 12px; }
.hs-button-sm, .hs-button-small { padding: 5px 12px; font-size: 13px; }
.hs-button-primary { background: var(--orange); color: #fff; }
.hs-button-primary:hover:not(:disabled) { background: var(--orange-dark); }
.hs-button-secondary { background: #fff; color: var(--orange); }
.hs-button-destructive { background: var(--red); border-color: var(--red); color: #fff; }
.hs-button-transparent { background: none; border-color: transparent; color: var(--teal); }
.hs-button:disabled { opacity: .5; cursor: default; }
.hs-form { margin: 0; }
.hs-field { display: flex; flex-direction: column; gap: 3px; min-width: 160px; }
.hs-label { font-weight: 600; font-size: 13px; }
.hs-required { color: var(--red); }
.hs-description { font-size: 12px; color: var(--muted); }
.hs-input { font: inherit; padding: 7px 9px; border: 1px solid var(--line); border-radius: 3px; background: #f5f8fa; color: var(--ink); width: 100%; }
.hs-input:focus { outline: none; border-color: var(--teal); box-shadow: 0 0 4px 1px rgba(0,208,228,.3); background: #fff; }
.hs-field-invalid .hs-input { border-color: var(--red); }
.hs-validation { font-size: 12px; color: var(--muted); }
.hs-validation-error { color: var(--red); }
.hs-number { display: flex; align-items: center; gap: 6px; }
.hs-number-prefix { font-size: 12px; color: var(--muted); }
.hs-textarea { min-height: 60px; }
.hs-checkbox, .hs-toggle { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; }
.hs-checkbox input { width: 16px; height: 16px; accent-color: var(--teal); }
.hs-toggle input { position: absolute; opacity: 0; width: 36px; height: 20px; margin: 0; cursor: pointer; }
.hs-toggle { position: relative; }
.hs-toggle-track { width: 36px; height: 20px; border-radius: 10px; background: #cbd6e2; position: relative; transition: background .15s; }
.hs-toggle-track::after { content: ""; position: absolute; top: 2px; left: 2px; width: 16px; height: 16px; border-radius: 50%; background: #fff; transition: left .15s; }
.hs-toggle input:checked + .hs-toggle-track { background: var(--green); }
.hs-toggle input:checked + .hs-toggle-track::after { left: 18px; }
.hs-toggle-md input { width: 52px; }
.hs-toggle-md .hs-toggle-track { width: 52px; }
.hs-toggle-md input:checked + .hs-toggle-track::after { left: 34px; }
.hs-toggle-xs .hs-toggle-track { width: 28px; height: 16px; }
.hs-toggle-xs .hs-toggle-track::after { width: 12px; height: 12px; }
.hs-toggle-xs input:checked + .hs-toggle-track::after { left: 14px; }
.hs-toggle-text { position: absolute; top: 4px; left: 22px; font-size: 9px; font-weight: 700; color: #fff; }
.hs-toggle input:checked + .hs-toggle-track .hs-toggle-text { left: 7px; }
.hs-toggle-label-top { flex-direction: column; align-items: flex-start; }
.hs-toggle input:focus-visible + .hs-toggle-track { outline: 2px solid var(--teal); outline-offset: 2px; }
.hs-sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.hs-tooltip-icon { color: var(--muted); cursor: help; font-weight: 400; }
.hs-button:focus-visible, .hs-tab:focus-visible, .hs-accordion-toggle:focus-visible, .hs-link:focus-visible { outline: 2px solid var(--teal); outline-offset: 2px; }
.hs-tabs-fill .hs-tab { flex: 1; }
.hs-steps { list-style: none; margin: 4px 0; padding: 0; display: flex; counter-reset: hs-step; }
.hs-steps-vertical { flex-direction: column; gap: 8px; }
.hs-step { flex: 1 1 0; min-width: 0; position: relative; counter-increment: hs-step; }
.hs-steps-horizontal .hs-step:not(:first-child)::before { content: ""; position: absolute; top: 9px; right: 50%; width: 100%; border-top: 2px solid var(--line); }
.hs-steps-horizontal .hs-step-done:not(:first-child)::before, .hs-steps-horizontal .hs-step-current:not(:first-child)::before { border-top-color: var(--teal); }
.hs-step button { position: relative; display: flex; flex-direction: column; align-items: center; gap: 4px; width: 100%; border: 0; background: none; padding: 0 4px; font: inherit; font-size: 12px; color: var(--muted); cursor: pointer; text-align: center; overflow-wrap: anywhere; }
.hs-steps-vertical .hs-step button { flex-direction: row; text-align: left; }
.hs-step button::before { content: counter(hs-step); flex: none; width: 20px; height: 20px; line-height: 16px; border-radius: 50%; border: 2px solid var(--line); background: #fff; font-size: 10px; font-weight: 700; box-sizing: border-box; }
.hs-step-done button::before { content: "✓"; border-color: var(--teal); background: var(--teal); color: #fff; }
.hs-step-current button { color: var(--ink); font-weight: 600; }
.hs-step-current button::before { border-color: var(--teal); color: var(--teal); }
.hs-step button:focus-visible { outline: 2px solid var(--teal); outline-offset: 2px; }
.hs-button.hs-truncate { display: inline-block; min-width: 0; max-width: 16em; }
.hs-select-transparent { background: transparent; border-color: transparent; }
.hs-select-search { margin-bottom: 4px; }
.hs-placeholder { font-size: 12px; color: var(--muted); }
.hs-checkbox-inline { margin-right: 12px; }
.hs-checkbox-sm { font-size: 12px; }
.hs-checkbox-sm input { width: 13px; height: 13px; }
.hs-date-row { display: flex; gap: 4px; align-items: center; }
.hs-date-action { border: 0; background: none; color: var(--teal); font: inherit; font-size: 12px; cursor: pointer; padding: 2px 4px; }
.hs-date-action:disabled { color: var(--muted); cursor: default; }
.hs-date-formatted { font-size: 12px; color: var(--muted); }
.hs-overlay { position: fixed; top: 10%; left: 50%; transform: translateX(-50%); z-index: 30; background: #fff; border: 1px solid var(--line);
  border-radius: 4px; box-shadow: 0 4px 16px rgba(45,62,80,.3); padding: 24px; min-width: 320px; max-width: 90vw; }
.hs-overlay-close { position: absolute; top: 6px; right: 8px; border: 0; background: none; font-size: 20px; cursor: pointer; }
.hs-result-icon { color: inherit; font-weight: 700; }
.hs-status-button, .hs-tag-button { border: 0; background: none; padding: 0; font: inherit; color: inherit; cursor: pointer; }
.hs-tag-inline { vertical-align: baseline; }
.hs-trend-red { color: var(--red); }
.hs-trend-green { color: var(--green); }
.hs-empty-reverse.hs-empty-horizontal { flex-direction: row-reverse; }
.hs-empty-reverse.hs-empty-vertical { flex-direction: column-reverse; }
.hs-spinner-xs, .hs-spinner-extra-small { width: 12px; height: 12px; border-width: 2px; }
.hs-spinner-md, .hs-spinner-medium { width: 28px; height: 28px; }
.hs-pagination { display: flex; gap: 4px; justify-content: center; padding: 8px 0; }
.hs-page, .hs-page-step { border: 1px solid var(--line); background: #fff; border-radius: 3px; padding: 3px 9px; font: inherit; cursor: pointer; }
.hs-page-current { background: var(--teal); color: #fff; border-color: var(--teal); }
.hs-page-step:disabled { opacity: .5; cursor: default; }
.hs-sort { border: 0; background: none; padding: 0; font: inherit; color: inherit; text-transform: inherit; cursor: pointer; }
.hs-tablist { display: flex; flex-wrap: wrap; gap: 2px; border-bottom: 1px solid var(--line); margin-bottom: 12px; }
.hs-tab { border: 0; background: none; padding: 8px 12px; font: inherit; color: var(--ink); cursor: pointer; border-bottom: 3px solid transparent; }
.hs-tab[aria-selected="true"] { border-bottom-color: var(--orange); font-weight: 600; }
.hs-accordion { border-top: 1px solid var(--line); }
.hs-accordion-toggle { border: 0; background: none; padding: 10px 0; font: inherit; font-weight: 600; color: var(--teal); cursor: pointer; display: flex; gap: 6px; }
.hs-accordion-body { padding: 4px 0 12px 16px; }
.hs-table { border-collapse: collapse; width: 100%; }
.hs-table th { text-align: left; background: #f5f8fa; font-size: 12px; text-transform: uppercase; letter-spacing: .02em; color: var(--muted); }
.hs-table th, .hs-table td { padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
.hs-table-bordered th, .hs-table-bordered td { border: 1px solid var(--line); }
.hs-table-compact th, .hs-table-compact td, .hs-table-condensed th, .hs-table-condensed td { padding: 4px 6px; }
.hs-alert { border: 1px solid var(--teal); background: #e5f5f8; border-radius: 3px; padding: 12px 16px; }
.hs-alert-title { display: block; margin-bottom: 4px; }
.hs-alert-success { border-color: var(--green); background: #e5f8f6; }
.hs-alert-warning { border-color: var(--yellow); background: #fef8f0; }
.hs-alert-danger, .hs-alert-error { border-color: var(--red); background: #fde9ea; }
.hs-alert-tip { border-color: var(--line); background: #fff; }
.hs-status { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; }
.hs-status-dot { width: 9px; height: 9px; border-radius: 50%; background: #7c98b6; }
.hs-status-success .hs-status-dot { background: var(--green); }
.hs-status-warning .hs-status-dot { background: var(--yellow); }
.hs-status-danger .hs-status-dot, .hs-status-error .hs-status-dot { background: var(--red); }
.hs-status-info .hs-status-dot { background: var(--teal); }
.hs-tag { display: inline-flex; align-items: center; gap: 4px; padding: 1px 8px; border-radius: 3px; font-size: 12px;
  border: 1px solid var(--line); background: #eaf0f6; }
.hs-tag-success { background: #e5f8f6; border-color: var(--green); }
.hs-tag-info { background: #e5f5f8; border-color: var(--teal); }
.hs-tag-warning { background: #fef8f0; border-color: var(--yellow); }
.hs-tag-danger, .hs-tag-error { background: #fde9ea; border-color: var(--red); }
.hs-tag-delete { border: 0; background: none; cursor: pointer; }
.hs-progress-head { display: flex; justify-content: space-between; font-size: 13px; font-weight: 600; }
.hs-progress-track { height: 8px; background: #eaf0f6; border-radius: 4px; overflow: hidden; margin: 4px 0; }
.hs-progress-fill { height: 100%; background: var(--green); }
.hs-progress-warning { background: var(--yellow); }
.hs-progress-danger { background: var(--red); }
.hs-statistics { display: flex; flex-wrap: wrap; gap: 12px; }
.hs-stat { flex: 1 1 120px; display: flex; flex-direction: column; border: 1px solid var(--line); border-radius: 4px; padding: 10px 14px; }
.hs-stat-label { font-size: 12px; color: var(--muted); text-transform: uppercase; }
.hs-stat-number { font-size: 26px; font-weight: 300; }
.hs-empty, .hs-error-state { display: flex; gap: 16px; align-items: center; padding: 16px; }
.hs-empty-vertical { flex-direction: column; text-align: center; }
.hs-empty-image { font-size: 36px; color: #7c98b6; }
.hs-error-state .hs-empty-image { color: var(--red); }
.hs-empty-title { display: block; font-size: 15px; margin-bottom: 4px; }
.hs-loading { display: flex; align-items: center; gap: 8px; color: var(--muted); }
.hs-loading-centered { justify-content: center; padding: 24px; }
.hs-spinner { width: 18px; height: 18px; border: 3px solid #eaf0f6; border-top-color: var(--teal); border-radius: 50%;
  display: inline-block; animation: hs-spin .8s linear infinite; }
.hs-spinner-inline { width: 12px; height: 12px; border-width: 2px; }
@keyframes hs-spin { to { transform: rotate(360deg); } }
.hs-chart { margin: 0; }
.hs-chart { width: 100%; }
.hs-chart svg { width: 100%; height: auto; display: block; }
.hs-chart figcaption { font-weight: 600; margin-bottom: 4px; }
.hs-chart-legend { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; padding: 0; margin: 0 0 6px; font-size: 12px; }
.hs-chart-legend li { display: flex; align-items: center; gap: 4px; }
.hs-chart-swatch { width: 10px; height: 10px; border-radius: 2px; display: inline-block; }
.hs-chart-axis { stroke: var(--line); }
.hs-chart-bar { fill: var(--teal); }
.hs-chart-line { fill: none; stroke: var(--orange); stroke-width: 2; }
.hs-chart-point { fill: var(--orange); }
.hs-chart-tick, .hs-chart-value, .hs-chart-axis-label { font-size: 10px; fill: var(--muted); }
.hs-chart-value { fill: var(--ink); font-weight: 600; }
`;

/** The preview page's HTML. */
export function renderPreviewPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Opportunity Plan · local HubSpot preview</title>
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<style>${PREVIEW_CSS}</style>
</head>
<body>
<div id="preview-root"><div class="pv-loading">Loading the preview …</div></div>
<script src="/preview/bundle.js"></script>
</body>
</html>
`;
}
