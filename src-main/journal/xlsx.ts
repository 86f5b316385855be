/**
 * A minimal .xlsx reader: the first worksheet's cell text, nothing else. Why our own and not a
 * dependency: the npm `xlsx` (SheetJS) package is frozen at 0.18.5 with published advisories
 * (prototype pollution, ReDoS) and newer builds only ship from SheetJS's own CDN; `exceljs` pulls in
 * dozens of packages to read a format we need three parts of. An .xlsx file is a zip holding
 * xl/workbook.xml (sheet order), xl/sharedStrings.xml (the text table) and xl/worksheets/*.xml
 * (cells); node:zlib inflates the parts, and a few well-tested patterns read the generated XML.
 * Formulas, styles and other sheets are ignored — Console's report has one sheet of values.
 */
import { inflateRawSync } from 'node:zlib';
import { TradebookError, type SourceRow } from './tradebook';

/** A zip bomb guard: no part of a tradebook workbook is anywhere near this size uncompressed. */
const MAX_PART_BYTES = 256 * 1024 * 1024;

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly localHeader: number;
}

function zipEntries(fileName: string, zip: Buffer): Map<string, ZipEntry> {
  const bad = (why: string): never => {
    throw new TradebookError(fileName, null, null, `is not a readable .xlsx workbook (${why})`);
  };
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i -= 1) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) bad('no zip directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) bad('damaged zip directory');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, {
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localHeader: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readPart(fileName: string, zip: Buffer, entry: ZipEntry): string {
  const at = entry.localHeader;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) {
    throw new TradebookError(fileName, null, null, 'is not a readable .xlsx workbook (bad part)');
  }
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.toString('utf8');
  if (entry.method !== 8) {
    throw new TradebookError(fileName, null, null, `uses zip method ${entry.method}, not deflate`);
  }
  try {
    return inflateRawSync(data, { maxOutputLength: MAX_PART_BYTES }).toString('utf8');
  } catch {
    throw new TradebookError(fileName, null, null, 'is not a readable .xlsx workbook (inflate)');
  }
}

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? '';
  });
}

/** The text of every <t> inside an element (rich text runs are concatenated). */
function textOf(xml: string): string {
  let text = '';
  for (const match of xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)) text += match[1] ?? '';
  return decodeXml(text);
}

function sharedStrings(xml: string | null): string[] {
  if (xml === null) return [];
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((match) => textOf(match[1] ?? ''));
}

/** "C12" → 2 (zero-based column). */
function columnIndex(reference: string): number {
  let column = 0;
  for (const ch of reference) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column - 1;
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function cellText(open: string, body: string, strings: readonly string[]): string {
  const type = attribute(open, 't');
  if (type === 'inlineStr') return textOf(body);
  const value = decodeXml(/<v>([^<]*)<\/v>/.exec(body)?.[1] ?? '');
  if (type === 's') return strings[Number(value)] ?? '';
  if (type === 'b') return value === '1' ? 'true' : 'false';
  return value;
}

/** The path of the workbook's first sheet (by workbook order, through its relationship). */
function firstSheetPath(parts: (name: string) => string | null): string {
  const workbook = parts('xl/workbook.xml') ?? '';
  const firstSheet = /<sheet\s[^>]*>/.exec(workbook)?.[0] ?? '';
  const relId = attribute(firstSheet, 'r:id');
  const rels = parts('xl/_rels/workbook.xml.rels') ?? '';
  for (const match of rels.matchAll(/<Relationship\s[^>]*>/g)) {
    if (attribute(match[0], 'Id') !== relId) continue;
    const target = attribute(match[0], 'Target') ?? '';
    return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  }
  return 'xl/worksheets/sheet1.xml';
}

/** The first worksheet's rows (cell text; numbers as written), with spreadsheet row numbers. */
export function xlsxRows(fileName: string, zip: Buffer): SourceRow[] {
  const entries = zipEntries(fileName, zip);
  const parts = (name: string): string | null => {
    const entry = entries.get(name);
    return entry === undefined ? null : readPart(fileName, zip, entry);
  };
  const sheet = parts(firstSheetPath(parts));
  if (sheet === null) throw new TradebookError(fileName, null, null, 'has no worksheet');
  const strings = sharedStrings(parts('xl/sharedStrings.xml'));
  const rows: SourceRow[] = [];
  for (const rowMatch of sheet.matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>/g)) {
    const line = Number(attribute(rowMatch[1] ?? '', 'r') ?? rows.length + 1);
    const cells: string[] = [];
    for (const cell of (rowMatch[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const open = cell[1] ?? '';
      const ref = attribute(open, 'r');
      const index = ref === undefined ? cells.length : columnIndex(ref);
      while (cells.length < index) cells.push('');
      cells[index] = cellText(open, cell[2] ?? '', strings);
    }
    rows.push({ line, cells });
  }
  return rows;
}
