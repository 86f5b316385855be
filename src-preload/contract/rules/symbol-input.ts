/**
 * How typed or pasted symbols become a list of inputs, and how one input is cleaned: one
 * implementation for the scan screen, the command line and main's symbol matching. Pure; imports
 * nothing from node or electron.
 */

/**
 * Names traders use for an underlying that are neither its NFO symbol nor its company name:
 * index names as NSE and Kite print them, and symbols of companies that were renamed. An alias
 * applies only when its target is in the instrument list and the alias is not a symbol itself.
 */
export const SYMBOL_ALIASES: Readonly<Record<string, readonly string[]>> = {
  NIFTY: ['NIFTY 50', 'NIFTY50', 'NIFTY FIFTY', 'NIFTY INDEX'],
  BANKNIFTY: ['NIFTY BANK', 'BANK NIFTY', 'NIFTYBANK'],
  FINNIFTY: ['FIN NIFTY', 'NIFTY FIN SERVICE', 'NIFTY FINANCIAL SERVICES', 'NIFTY FINSERV'],
  MIDCPNIFTY: ['MIDCAP NIFTY', 'MIDCP NIFTY', 'NIFTY MID SELECT', 'NIFTY MIDCAP SELECT'],
  NIFTYNXT50: ['NIFTY NEXT 50', 'NIFTY NXT 50', 'NIFTY NEXT50', 'NEXT 50', 'NIFTY JUNIOR'],
  ETERNAL: ['ZOMATO'],
  TMPV: ['TATAMOTORS', 'TATA MOTORS'],
  LODHA: ['MACROTECH', 'MACROTECH DEVELOPERS'],
  SAMMAANCAP: ['IBULHSGFIN', 'INDIABULLS HOUSING'],
  GMRAIRPORT: ['GMRINFRA'],
  NAUKRI: ['INFO EDGE', 'INFOEDGE'],
  POLICYBZR: ['POLICYBAZAAR'],
  LTF: ['L&TFH'],
  JIOFIN: ['JIO FINANCIAL'],
};

/** Inputs longer than this are cut: no symbol, alias or company name is this long. */
export const MAX_SYMBOL_INPUT_CHARS = 64;

/** What an input looks like once case, spacing, control characters and prefixes are set aside. */
export function cleanSymbolInput(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_SYMBOL_INPUT_CHARS);
}

/** Aliases of more than one word ("NIFTY 50", "BANK NIFTY"), longest first, upper case. */
const MULTI_WORD_NAMES = Object.values(SYMBOL_ALIASES)
  .flat()
  .filter((alias) => alias.includes(' '))
  .map((alias) => alias.toUpperCase())
  .sort((a, b) => b.split(' ').length - a.split(' ').length);

/** Splits a line of space-separated symbols, keeping multi-word index names in one piece. */
function splitWords(line: string): string[] {
  const words = line.split(/\s+/).filter((word) => word !== '');
  const inputs: string[] = [];
  for (let at = 0; at < words.length;) {
    const phrase = MULTI_WORD_NAMES.find((name) => {
      const length = name.split(' ').length;
      return (
        words
          .slice(at, at + length)
          .join(' ')
          .toUpperCase() === name
      );
    });
    const length = phrase === undefined ? 1 : phrase.split(' ').length;
    inputs.push(words.slice(at, at + length).join(' '));
    at += length;
  }
  return inputs;
}

/**
 * Symbols from what a trader typed or pasted. Commas, semicolons, tabs and line breaks separate
 * symbols and keep names with spaces whole ("State Bank of India, TCS"); text with none of them is
 * a space-separated list ("NIFTY BANKNIFTY TCS"), in which index names such as "NIFTY 50" and
 * "BANK NIFTY" stay one symbol. Blank pieces are dropped; duplicates are left to the matcher.
 */
export function splitSymbolList(text: string): string[] {
  const pieces = text.split(/[,;\t\r\n]+/);
  const lines = pieces.length > 1 ? pieces : splitWords(text);
  return lines.map((piece) => piece.trim()).filter((piece) => piece !== '');
}
