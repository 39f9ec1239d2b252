// Styles of the picker and its offer panel, in their own shadow root (the overlay's sheet is not there).
// px units only (rem follows the helpdesk's html font-size); colours from the overlay's palette, AA on white.
export const PICKER_CSS = `
.slp-root, .slp-offer { font: 13px/18px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1f2328; }
.slp-root *, .slp-offer * { box-sizing: border-box; }
.slp-layer { position: fixed; inset: 0; pointer-events: auto; cursor: crosshair; background: transparent; outline: none; }
.slp-layer:focus-visible { box-shadow: inset 0 0 0 3px #0969da; }
.slp-box { position: fixed; pointer-events: none; border: 2px solid #0969da; background: rgba(9, 105, 218, 0.12); border-radius: 2px; }
.slp-box-chosen { border-color: #1a7f37; background: rgba(26, 127, 55, 0.14); }
.slp-box-label { position: absolute; left: -2px; top: -20px; padding: 0 4px; background: #0969da; color: #fff; font-size: 11px; line-height: 18px; white-space: nowrap; border-radius: 2px; }
.slp-box-chosen .slp-box-label { background: #1a7f37; }
.slp-panel, .slp-offer { position: fixed; bottom: 16px; width: 380px; max-width: calc(100vw - 32px); max-height: calc(100vh - 32px); overflow: auto;
  pointer-events: auto; padding: 10px 12px; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25); }
.slp-panel[data-side='right'], .slp-offer { right: 16px; }
.slp-panel[data-side='left'] { left: 16px; }
.slp-head { font-weight: 600; margin-bottom: 6px; }
.slp-brand { font-weight: 600; font-size: 11px; letter-spacing: 0.4px; text-transform: uppercase; color: #59636e; }
.slp-muted { color: #59636e; }
.slp-label { display: block; margin: 6px 0; }
.slp-label input, .slp-label select { display: block; width: 100%; margin-top: 2px; padding: 3px 6px; font: inherit; color: inherit; background: #fff; border: 1px solid #8c959f; border-radius: 4px; }
.slp-dl { display: grid; grid-template-columns: 76px 1fr; gap: 2px 8px; margin: 6px 0; }
.slp-dl dt { color: #59636e; }
.slp-dl dd { margin: 0; overflow-wrap: anywhere; }
.slp-dl code { font: 12px/16px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 0 2px; }
.slp-status { margin: 6px 0; }
.slp-ok { color: #1a7f37; }
.slp-bad { color: #b3261e; }
.slp-info { color: #1f2328; }
.slp-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 8px; }
.slp-button { font: inherit; padding: 3px 10px; border: 1px solid #8c959f; border-radius: 4px; background: #f6f8fa; color: #1f2328; cursor: pointer; }
.slp-button:disabled { opacity: 0.55; cursor: default; }
.slp-primary { background: #0550ae; border-color: #0550ae; color: #fff; }
.slp-link { border: none; background: none; color: #0550ae; text-decoration: underline; padding: 0; }
.slp-button:focus-visible, .slp-label input:focus-visible, .slp-label select:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
.slp-offer p { margin: 0; }
`;

