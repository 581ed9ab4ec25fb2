/** One line of an iNaturalist label file. */
export interface SpeciesLabel {
  scientificName: string;
  /** The common name, or the scientific name when the line has none. */
  name: string;
}

/**
 * Reads `Latin name (Common Name)` lines (the iNaturalist experts' labels). A line without a
 * parenthesised common name keeps its text as both names ("background").
 */
export function parseSpeciesLabel(line: string): SpeciesLabel {
  const match = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(line.trim());
  if (!match || !match[1]) return { scientificName: line.trim(), name: line.trim() };
  return { scientificName: match[1], name: match[2].trim() || match[1] };
}
