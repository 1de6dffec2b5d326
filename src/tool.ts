// Which racedemo wrote a document, and on which Node: the name and version come
// from package.json, read once with plain fs (no CommonJS loader at start-up).
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export const tool = { name: packageJson.name, version: packageJson.version, node: process.version };
