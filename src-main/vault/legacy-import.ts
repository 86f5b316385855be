import {
  AccessTokenInputSchema,
  ApiKeyInputSchema,
  ApiSecretInputSchema,
} from '../../src-preload/contract';
import { UserFacingError } from '../domain/errors';

/**
 * The old tool's kite_credentials.conf (Python configparser INI):
 *
 *   [DEFAULT]
 *   API_KEY = abcd1234...
 *   ACCESS_TOKEN = ...
 *   API_SECRET = ...        (optional)
 *
 * Parsed completely before anything is saved; any problem names its line.
 */
export interface LegacyCredentials {
  readonly apiKey: string;
  readonly apiSecret: string | null;
  readonly accessToken: string | null;
  /** Keys the file had that Premia does not use (told to the user, not an error). */
  readonly ignoredKeys: readonly string[];
}

export const LEGACY_FILE_MAX_BYTES = 64 * 1024;

const KNOWN_KEYS = {
  api_key: ApiKeyInputSchema,
  api_secret: ApiSecretInputSchema,
  access_token: AccessTokenInputSchema,
} as const;
type KnownKey = keyof typeof KNOWN_KEYS;

function isKnownKey(key: string): key is KnownKey {
  return key in KNOWN_KEYS;
}

function problem(source: string, lineNumber: number, sentence: string): UserFacingError {
  return new UserFacingError('BAD_INPUT', `${source}, line ${lineNumber}: ${sentence}`);
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted?.[2] ?? value;
}

interface Entry {
  readonly value: string;
  readonly line: number;
}

function collectDefaultSection(text: string, source: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let section: string | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    if (/^\s/.test(raw)) {
      throw problem(source, lineNumber, 'indented line (continued values are not supported).');
    }
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header !== null) {
      section = (header[1] ?? '').trim();
      return;
    }
    if (line.startsWith('[')) throw problem(source, lineNumber, 'broken section header.');
    const separator = /[=:]/.exec(line);
    if (separator === null) throw problem(source, lineNumber, 'expected "KEY = value".');
    const key = line.slice(0, separator.index).trim().toLowerCase();
    const value = unquote(line.slice(separator.index + 1).trim());
    if (key === '') throw problem(source, lineNumber, 'a value without a key.');
    if (section === null)
      throw problem(
        source,
        lineNumber,
        `"${key.toUpperCase()}" comes before any [DEFAULT] section.`,
      );
    if (section !== 'DEFAULT') return;
    if (entries.has(key)) throw problem(source, lineNumber, `${key.toUpperCase()} is given twice.`);
    entries.set(key, { value, line: lineNumber });
  });
  return entries;
}

export function parseLegacyCredentials(text: string, source: string): LegacyCredentials {
  if (text.includes('\u0000')) {
    throw new UserFacingError('BAD_INPUT', `${source} is not a text file.`);
  }
  const entries = collectDefaultSection(text, source);
  const values: Partial<Record<KnownKey, string>> = {};
  const ignoredKeys: string[] = [];
  for (const [key, entry] of entries) {
    if (!isKnownKey(key)) {
      ignoredKeys.push(key.toUpperCase());
      continue;
    }
    if (entry.value === '') throw problem(source, entry.line, `${key.toUpperCase()} is empty.`);
    const parsed = KNOWN_KEYS[key].safeParse(entry.value);
    if (!parsed.success) {
      throw problem(
        source,
        entry.line,
        `${key.toUpperCase()} is not valid: ${parsed.error.issues[0]?.message ?? 'bad value'}`,
      );
    }
    values[key] = parsed.data;
  }
  if (values.api_key === undefined) {
    throw new UserFacingError('BAD_INPUT', `${source} has no API_KEY in its [DEFAULT] section.`);
  }
  return {
    apiKey: values.api_key,
    apiSecret: values.api_secret ?? null,
    accessToken: values.access_token ?? null,
    ignoredKeys,
  };
}
