export interface SuggestionCandidate {
  /** Compact form (letters and digits) of a symbol or company name. */
  readonly key: string;
  readonly underlying: string;
}

const MAX_SUGGESTIONS = 3;
/** How many candidates (by shared letter pairs) get a full edit-distance comparison. */
const SHORTLIST = 24;

function bigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) grams.add(text.slice(i, i + 2));
  return grams;
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(value);
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/**
 * "Did you mean …": shortlists candidates that share letter pairs with the input (an inverted
 * index, so 10,000 unknown inputs stay fast), then ranks the shortlist by edit distance. A
 * candidate that starts with the input counts as close, so "RELI" suggests RELIANCE.
 */
export class SymbolSuggester {
  private readonly byBigram = new Map<string, number[]>();

  constructor(private readonly candidates: readonly SuggestionCandidate[]) {
    candidates.forEach((candidate, id) => {
      for (const gram of bigrams(candidate.key)) {
        let ids = this.byBigram.get(gram);
        if (ids === undefined) this.byBigram.set(gram, (ids = []));
        ids.push(id);
      }
    });
  }

  private shortlist(input: string): number[] {
    const shared = new Map<number, number>();
    for (const gram of bigrams(input)) {
      for (const id of this.byBigram.get(gram) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    if (input.length <= 2) {
      this.candidates.forEach((c, id) => {
        if (c.key.startsWith(input)) shared.set(id, (shared.get(id) ?? 0) + 1);
      });
    }
    return [...shared]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, SHORTLIST)
      .map(([id]) => id);
  }

  /** Up to three underlyings whose symbol or company name is close to the compact input. */
  suggest(input: string): string[] {
    if (input === '') return [];
    const limit = Math.max(2, Math.ceil(input.length * 0.4));
    const best = new Map<string, number>();
    for (const id of this.shortlist(input)) {
      const candidate = this.candidates[id];
      if (candidate === undefined) continue;
      const distance = candidate.key.startsWith(input)
        ? 0.5
        : editDistance(input, candidate.key, limit);
      if (distance > limit) continue;
      const previous = best.get(candidate.underlying);
      if (previous === undefined || distance < previous) best.set(candidate.underlying, distance);
    }
    return [...best]
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_SUGGESTIONS)
      .map(([underlying]) => underlying);
  }
}
