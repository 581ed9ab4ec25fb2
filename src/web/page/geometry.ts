/** Pure helpers of the chat page, kept apart from the DOM so they can be tested on their own. */

/** A normalised box (0..1 of the picture) as CSS percentages over the shown picture, clipped to it. */
export function boxStyle(box: { x: number; y: number; width: number; height: number }): { left: string; top: string; width: string; height: string } {
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  const left = clamp(box.x);
  const top = clamp(box.y);
  const pct = (v: number): string => `${Math.round(v * 10000) / 100}%`;
  return { left: pct(left), top: pct(top), width: pct(clamp(box.x + box.width) - left), height: pct(clamp(box.y + box.height) - top) };
}
