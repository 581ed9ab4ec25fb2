/**
 * The candidate a misspelled name most likely meant: same name in another case, or within a small
 * edit distance. Undefined when nothing is close enough to be a helpful hint.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const budget = Math.max(2, Math.floor(name.length / 4));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return candidate;
    // The distance is at least the difference in length: skip the DP for hopeless candidates.
    if (Math.abs(candidate.length - name.length) > budget) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= budget && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** " (did you mean X?)" when a candidate is close to `name`, else "" — for the end of a message. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const closest = closestName(name, candidates);
  return closest === undefined ? '' : ` (did you mean ${closest}?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
