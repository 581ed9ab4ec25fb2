/**
 * The chat page's three files, built into the function's bundle (src/dev/packaging/esbuild-plugins.js
 * loads .html and .css as text, and bundles `?bundle` imports for the browser), so the deployed
 * zip and `npm start` serve the same page without a separate static host.
 */
import html from './page/index.html';
import css from './page/chat.css';
import script from './page/chat-page.ts?bundle';

export interface PageAsset {
  contentType: string;
  body: string;
}

export const PAGE_ASSETS: Readonly<Record<string, PageAsset>> = Object.freeze({
  '/': { contentType: 'text/html; charset=utf-8', body: html },
  '/chat.css': { contentType: 'text/css; charset=utf-8', body: css },
  '/chat.js': { contentType: 'text/javascript; charset=utf-8', body: script },
});
