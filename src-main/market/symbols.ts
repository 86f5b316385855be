import { cleanSymbolInput, SYMBOL_ALIASES } from '../../src-preload/contract';
import type { FnoUniverse } from './fno-universe';
import { SymbolSuggester } from './symbol-suggester';

// One implementation, shared with the renderer and the CLI (src-preload/contract/rules).
export { cleanSymbolInput, splitSymbolList, SYMBOL_ALIASES } from '../../src-preload/contract';

/** One underlying the directory knows. */
export interface DirectoryEntry {
  readonly underlying: string;
  readonly companyName: string | null;
}

export type MatchedBy = 'symbol' | 'alias' | 'company-name';

export interface SymbolMatch {
  readonly underlying: string;
  /** Every input that named it, as typed (cleaned), in order: duplicates are merged here. */
  readonly inputs: readonly string[];
  readonly matchedBy: MatchedBy;
}

export interface UnknownSymbol {
  /** The input, cleaned of control characters and cut to a readable length. */
  readonly input: string;
  /** Up to three underlyings with similar names, closest first. */
  readonly suggestions: readonly string[];
}

export interface SymbolMatchReport {
  /** In order of first appearance. */
  readonly matched: readonly SymbolMatch[];
  readonly unknown: readonly UnknownSymbol[];
  /** Inputs that were empty or only whitespace. */
  readonly blankInputs: number;
}

const CORPORATE_SUFFIX = /\s+(LTD\.?|LIMITED|LTD|CO\.?)$/;

function normalKey(cleaned: string): string {
  return cleaned
    .toUpperCase()
    .replace(/^(NSE|NFO|BSE|BFO)\s*:\s*/, '')
    .replace(/-EQ$/, '')
    .replace(CORPORATE_SUFFIX, '');
}

/** Letters and digits only: "Bajaj Auto" and "BAJAJ-AUTO" meet here. */
export function compactKey(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

interface Lookup {
  readonly underlying: string;
  readonly matchedBy: MatchedBy;
}

/** Finds underlyings by symbol, alias or company name; suggests near misses. */
export class SymbolDirectory {
  private readonly exact = new Map<string, Lookup>();
  private readonly compact = new Map<string, Lookup | null>();
  private readonly suggester: SymbolSuggester;

  constructor(entries: readonly DirectoryEntry[]) {
    const present = new Set(entries.map((e) => e.underlying));
    for (const e of entries)
      this.add(e.underlying, { underlying: e.underlying, matchedBy: 'symbol' });
    const symbolKeys = new Set(entries.map((e) => compactKey(e.underlying)));
    for (const [target, aliases] of Object.entries(SYMBOL_ALIASES)) {
      if (!present.has(target)) continue;
      for (const alias of aliases) {
        if (symbolKeys.has(compactKey(alias))) continue;
        this.add(alias, { underlying: target, matchedBy: 'alias' });
      }
    }
    for (const e of entries) {
      if (e.companyName === null) continue;
      this.add(e.companyName, { underlying: e.underlying, matchedBy: 'company-name' });
    }
    this.suggester = new SymbolSuggester(
      entries.flatMap((e) => [
        { key: compactKey(e.underlying), underlying: e.underlying },
        ...(e.companyName === null
          ? []
          : [{ key: compactKey(e.companyName), underlying: e.underlying }]),
      ]),
    );
  }

  static fromUniverse(universe: FnoUniverse): SymbolDirectory {
    return new SymbolDirectory(
      universe.underlyings().map((u) => ({ underlying: u.underlying, companyName: u.companyName })),
    );
  }

  /** Earlier registrations win: a real symbol beats an alias, an alias beats a company name. */
  private add(text: string, lookup: Lookup): void {
    const key = normalKey(cleanSymbolInput(text));
    if (!this.exact.has(key)) this.exact.set(key, lookup);
    const compact = compactKey(key);
    if (compact === '') return;
    const existing = this.compact.get(compact);
    if (existing === undefined) this.compact.set(compact, lookup);
    else if (existing !== null && existing.underlying !== lookup.underlying) {
      this.compact.set(compact, null); // ambiguous: never guess between two underlyings
    }
  }

  /** The underlying an input names, or null. */
  resolve(raw: string): Lookup | null {
    const key = normalKey(cleanSymbolInput(raw));
    if (key === '') return null;
    return this.exact.get(key) ?? this.compact.get(compactKey(key)) ?? null;
  }

  match(inputs: readonly string[]): SymbolMatchReport {
    const matched = new Map<string, { inputs: string[]; matchedBy: MatchedBy }>();
    const unknown = new Map<string, UnknownSymbol>();
    let blankInputs = 0;
    for (const raw of inputs) {
      const cleaned = cleanSymbolInput(typeof raw === 'string' ? raw : '');
      if (cleaned === '') {
        blankInputs++;
        continue;
      }
      const lookup = this.resolve(cleaned);
      if (lookup !== null) {
        const entry = matched.get(lookup.underlying);
        if (entry === undefined) {
          matched.set(lookup.underlying, { inputs: [cleaned], matchedBy: lookup.matchedBy });
        } else if (!entry.inputs.includes(cleaned)) entry.inputs.push(cleaned);
        continue;
      }
      const key = compactKey(normalKey(cleaned)) || cleaned.toUpperCase();
      if (!unknown.has(key)) {
        unknown.set(key, { input: cleaned, suggestions: this.suggester.suggest(compactKey(key)) });
      }
    }
    return {
      matched: [...matched].map(([underlying, m]) => ({ underlying, ...m })),
      unknown: [...unknown.values()],
      blankInputs,
    };
  }
}
