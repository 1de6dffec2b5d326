// racedemo report: reads a saved document, a list of them or an ndjson
// stream, checks each against its kind's guard, and refuses anything else
// with one line naming the file and the field (exit 2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from '../dist/src/cli/commands/report.js';
import { renderPage } from '../dist/src/report/html/page.js';
import { racedemo } from './cli.js';
import { fixture } from './html-pages.js';
import { readFileSync } from 'node:fs';

const injection = readFileSync(fixture('injection.json'), 'utf8');

describe('racedemo report', () => {
  it('reads an ndjson stream of --compare: one comparison, the trial lines skipped', async () => {
    const { stdout, code } = await racedemo(['run', 'thread-counter', '--compare', '--trials', '3', '--format', 'ndjson']);
    expect(code).toBe(0);
    const documents = parseDocuments(stdout, 'runs.ndjson');
    expect(documents.map((document) => document.kind)).toEqual(['comparison']);
  });

  it('reads a list of documents of several kinds, as litmus and isolation write them', () => {
    const litmus = JSON.parse(readFileSync(fixture('litmus.json'), 'utf8')) as unknown[];
    const isolation = ['isolation.json', 'isolation-redis.json', 'isolation-fixes.json'].map((name) => JSON.parse(readFileSync(fixture(name), 'utf8')) as unknown);
    const documents = parseDocuments(JSON.stringify([...litmus, ...isolation]), 'all.json');
    expect(documents.map((document) => document.kind)).toEqual(['litmus', 'litmus', 'isolation', 'isolation', 'isolation-fixes']);
  });

  it('reads what litmus --json prints for one test and mode, and for several', async () => {
    for (const access of ['plain', 'both']) {
      const { code, stdout } = await racedemo(['litmus', 'SB', '--access', access, '--samples', '2000', '--json']);
      expect(code).toBe(0);
      expect(parseDocuments(stdout, 'litmus.json').map((document) => document.kind)).toEqual(access === 'both' ? ['litmus', 'litmus'] : ['litmus']);
    }
  });

  it("a run's page names each raced outcome in the scenario's words, with the rate's interval and the overlap", async () => {
    const { code, stdout } = await racedemo(['run', 'bank-transfer', '--no-lock', '--trials', '3', '--json']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout) as { outcomes: Array<{ raced: boolean; verdict?: string }>; races: { ci95: number[] }; overlap: unknown };
    // A saved document whose outcomes are what bank-transfer says when money appears and when it vanishes.
    document.outcomes = [
      { ...document.outcomes[0], raced: true, verdict: 'created 20' },
      { ...document.outcomes[0], raced: true, verdict: 'lost 20' },
    ] as typeof document.outcomes;
    document.races.ci95 = [0.25, 0.75];
    document.overlap = { trials: 3, share: 1 };
    const page = renderPage(parseDocuments(JSON.stringify(document), 'bank.json'));
    expect(page).toContain('✗ created 20');
    expect(page).toContain('✗ lost 20');
    expect(page).toContain('95% CI 25.0%–75.0%');
    expect(page).toContain('workers overlapped in 100.0% of trials');
  });

  it("a comparison's page states the lock cost as the terminal does: the median ratio, its interval, and 'within noise'", async () => {
    const { code, stdout } = await racedemo(['run', 'thread-counter', '--compare', '--trials', '3', '--json']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout) as { lockCostInterval: unknown };
    document.lockCostInterval = { medianRatio: 1.53, ci95: [0.87, 2.61], withinNoise: true };
    const page = renderPage(parseDocuments(JSON.stringify(document), 'compare.json'));
    expect(page).toContain('× 1.53');
    expect(page).toContain('median time per trial, 95% interval ×0.87–×2.61: within noise');
  });

  it.each([
    ['{"schemaVersion":1,"kind":"run","scenario":3}', 'bad.json: not a racedemo document: document.scenario should be text'],
    ['{"schemaVersion":2,"kind":"run"}', 'bad.json: not a racedemo document: document.schemaVersion should be 1 (a document from another racedemo version?)'],
    ['{"schemaVersion":1,"kind":"poem"}', 'bad.json: not a racedemo document: document.kind should be one of run, comparison, sweep, explore, replay, litmus, isolation, isolation-fixes'],
    ['[{"schemaVersion":1,"kind":"isolation","store":"pg","server":"x","levels":[]}]', 'bad.json: item 1: not a racedemo document: document.store should be one of postgres, redis'],
    ['{"schemaVersion":1,"kind":"isolation","store":"postgres","server":"x","levels":[{"level":"serializable","anomalies":{"G0":{"result":"prevented","how":"luck","evidence":""}}}]}', 'bad.json: not a racedemo document: document.levels[0].anomalies.G0.how should be one of blocked, aborted, snapshot'],
    ['{"schemaVersion":1,"kind":"isolation","store":"postgres","server":"x","levels":[{"level":"serializable","anomalies":{"<b>":{"result":"occurs","evidence":""}}}]}', 'bad.json: not a racedemo document: document.levels[0].anomalies.?b? should be one of G0, G1a, G1b, G1c, OTV, PMP, P4, G-single, G2-item, G2'],
    ['{"schemaVersion":1,"kind":"isolation","store":"redis","server":"x","patterns":{"INCR":{"result":"occurs","evidence":"","raced":{"updates":1,"lost":0}}}}', 'bad.json: not a racedemo document: document.patterns.INCR.raced.refused should be a number'],
    ['{"schemaVersion":1,"kind":"litmus","test":"SB","access":"plain","samples":1,"samplesPerSecond":1,"elapsedMs":1,"cpu":"Example CPU","v8":"x","outcomes":[]}', 'bad.json: not a racedemo document: document.cpu should be an object'],
    ['{"type":"trial","trial":1}\nnot json\n', 'bad.json: line 2 is not JSON'],
    ['{"type":"trial","trial":1}\n', 'bad.json holds no racedemo document (only trial lines?)'],
    ['  \n', 'bad.json is empty: give a file written by --json or --format ndjson'],
  ])('refuses %s with one line', (text, message) => {
    expect(() => parseDocuments(text, 'bad.json')).toThrow(message);
  });

  it('on the command line: one line on stderr naming the file, exit 2, nothing on stdout', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'racedemo-report-'));
    try {
      const file = join(folder, 'bad.json');
      writeFileSync(file, '{"schemaVersion":1,"kind":"sweep","variable":"heat","points":[]}');
      const { code, stdout, stderr } = await racedemo(['report', file]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`racedemo: ${file}: not a racedemo document: document.variable should be one of window, pause\n`);
      const missing = await racedemo(['report', join(folder, 'missing.json')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe(`racedemo: cannot read ${join(folder, 'missing.json')}: no such file\n`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('explore and a run of the same scenario in one report: possible values marked observed or not', async () => {
    const explored = await racedemo(['explore', 'thread-counter', '--no-lock', '--json']);
    const locked = await racedemo(['run', 'thread-counter', '--lock', '--iterations', '1', '--trials', '5', '--json']);
    const page = renderPage([...parseDocuments(explored.stdout, 'explore.json'), ...parseDocuments(locked.stdout, 'run.json')]);
    const rows = [...page.matchAll(/<tr><th scope="row">(\d)<\/th>.*?<td(?: class="muted")?>((?:not )?observed)<\/td><\/tr>/g)].map((match) => [match[1], match[2]]);
    expect(rows).toEqual([
      ['2', 'observed'],
      ['1', 'not observed'],
    ]);
  });

  it('reads several files into one page', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'racedemo-report-'));
    try {
      writeFileSync(join(folder, 'a.json'), readFileSync(fixture('isolation.json')));
      writeFileSync(join(folder, 'b.json'), readFileSync(fixture('litmus.json')));
      const { code, stdout } = await racedemo(['report', join(folder, 'a.json'), join(folder, 'b.json')]);
      expect(code).toBe(0);
      expect(stdout.match(/<section class="document">/g)).toHaveLength(3);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('escapes every string of a document: no tag from it reaches the page', () => {
    const page = renderPage(parseDocuments(injection, 'injection.json'));
    for (const tag of ['<img', '<iframe', '<b ', '<link', '<style>body', '</title><script>']) expect(page).not.toContain(tag);
    expect(page).toContain('&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;');
    expect(page.match(/<script>/g)).toHaveLength(1); // the page's own
  });

  it('escapes every string of litmus and isolation documents too', () => {
    const evil = '<img src=x onerror="window.pwned=1">';
    const read = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8')) as Record<string, any>;
    const [litmus] = read('litmus.json') as unknown as Array<Record<string, any>>;
    Object.assign(litmus ?? {}, { test: evil, v8: evil, cpu: { model: evil, arch: evil, cores: 2 } });
    litmus?.outcomes.forEach((outcome: Record<string, unknown>) => (outcome.description = evil));
    const postgres = { ...read('isolation.json'), server: evil };
    postgres.levels[0].anomalies.G0.evidence = evil;
    const redis = { ...read('isolation-redis.json'), server: evil };
    redis.patterns[evil] = { ...redis.patterns.INCR, evidence: evil };
    const fixes = { ...read('isolation-fixes.json'), server: evil };
    Object.assign(fixes.fixes[0], { fix: evil, level: evil });
    const page = renderPage(parseDocuments(JSON.stringify([litmus, postgres, redis, fixes]), 'evil.json'));
    expect(page).not.toContain('<img');
    expect(page.split('&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;').length).toBeGreaterThan(12);
  });
});
