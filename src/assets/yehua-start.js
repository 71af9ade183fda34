// Starts the standalone page (index.html). A file instead of Trunk's inline bootstrap, so the
// page runs under `script-src 'self'` (Trunk.toml's pattern_script points here).
// Inside an iframe, yehua-frame.js first starts reporting height and events to the host page.
import init, { wasm } from './yehua-app.js';

if (window.parent !== window) await import('./yehua-frame.js');
await init({ module_or_path: wasm });
