// `racedemo report FILE…`: render saved JSON documents (one document, a list
// of them, or an ndjson stream from --format ndjson, in one file or several)
// as one HTML page, or as JUnit XML.
// Everything read is checked by the documents' runtime guards first.
import { sanitize } from '../../trust/text.js';
import { readFile } from 'node:fs/promises';
import { UsageError, messageOf } from '../../errors.js';
import type { Lesson } from '../../scenario/api.js';
import { builtInScenarios, loadScenario } from '../../scenario/catalog.js';
import { asDocument, ShapeError, type AnyDocument } from '../../report/guards.js';
import { renderPage } from '../../report/html/page.js';
import { junitXml } from '../../report/junit.js';
import { documentSuites } from '../../report/junit-documents.js';
import type { Context } from '../output.js';

/** Larger inputs are refused rather than read into memory. */
const MAX_BYTES = 64 * 1024 * 1024;

export async function reportCommand(files: string[], flags: { format?: 'html' | 'junit' }, { out: output }: Context): Promise<void> {
  const documents: AnyDocument[] = [];
  for (const file of files) documents.push(...parseDocuments(await readInput(file), file === '-' ? 'stdin' : file));
  if (flags.format === 'junit') output.write(junitXml(documentSuites(documents)));
  else output.write(renderPage(documents, { lessons: await lessonsFor(documents) }));
}

async function readInput(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await readStdin() : await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : sanitize(messageOf(error));
    throw new UsageError(`cannot read ${file}: ${reason}`, { cause: error });
  }
  if (bytes.length > MAX_BYTES) throw new UsageError(`${file} is larger than ${MAX_BYTES / 1024 / 1024} MB; is it a racedemo result?`);
  return bytes.toString('utf8');
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The documents in `text`: one JSON value (a document or a list), or one per line (ndjson). */
export function parseDocuments(text: string, file: string): AnyDocument[] {
  if (text.trim() === '') throw new UsageError(`${file} is empty: give a file written by --json or --format ndjson`);
  const entries: Array<{ value: unknown; where: string }> = [];
  let whole: unknown;
  let isWhole = true;
  try {
    whole = JSON.parse(text);
  } catch {
    isWhole = false;
  }
  if (isWhole) {
    if (Array.isArray(whole)) whole.forEach((value, index) => entries.push({ value, where: `item ${index + 1}` }));
    else entries.push({ value: whole, where: '' });
  } else {
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        entries.push({ value: JSON.parse(line), where: `line ${index + 1}` });
      } catch (error) {
        throw new UsageError(`${file}: line ${index + 1} is not JSON (${sanitize(messageOf(error))})`, { cause: error });
      }
    });
  }
  const documents: AnyDocument[] = [];
  for (const { value, where } of entries) {
    const typed = value as { type?: unknown };
    if (typed && typed.type === 'trial') continue; // an ndjson stream's per-trial lines: the summary has it all
    const body = typed && typed.type === 'summary' ? withoutType(value as Record<string, unknown>) : value;
    try {
      documents.push(asDocument(body));
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      throw new UsageError(`${file}${where ? `: ${where}` : ''}: not a racedemo document: ${sanitize(error.message)}`, { cause: error });
    }
  }
  if (documents.length === 0) throw new UsageError(`${file} holds no racedemo document (only trial lines?)`);
  return documents;
}


function withoutType({ type: _type, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return rest;
}

/** Lessons of the built-in scenarios the documents name; a document never makes racedemo import a path. */
async function lessonsFor(documents: readonly AnyDocument[]): Promise<Map<string, Lesson>> {
  const names = new Set<string>();
  for (const document of documents) {
    if (document.kind === 'run' || document.kind === 'explore' || document.kind === 'replay') names.add(document.scenario);
    if (document.kind === 'comparison') names.add(document.runs[0].scenario);
    if (document.kind === 'sweep' && document.points[0]) names.add(document.points[0].run.scenario);
  }
  const lessons = new Map<string, Lesson>();
  for (const name of names) {
    if (!(builtInScenarios as readonly string[]).includes(name)) continue;
    const { scenario } = await loadScenario(name);
    if (scenario.lesson) lessons.set(name, scenario.lesson);
  }
  return lessons;
}
