/**
 * A screenshot-like picture rendered by the test itself: dark text on a light window, SVG text
 * drawn to PNG by sharp, so the reader has real pixels to read and the test knows the words.
 */
import sharp from 'sharp';

export const SCREENSHOT_TEXT = 'Install Windows';

export async function renderedScreenshot(text: string = SCREENSHOT_TEXT): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450">
  <rect width="800" height="450" fill="#f3f3f3"/>
  <rect x="0" y="0" width="800" height="40" fill="#0067b8"/>
  <text x="400" y="240" font-family="DejaVu Sans, Arial, sans-serif" font-size="56" fill="#1a1a1a" text-anchor="middle">${text}</text>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
