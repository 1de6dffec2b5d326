// --format junit is read by a real XML parser as CI platforms read it: a
// failing --expect safe is exactly one failure naming the outcomes that broke
// it; under GITHUB_ACTIONS=true the failure is also an ::error:: annotation.
// litmus gives a suite per test and access mode whose cases are its forbidden
// outcomes; isolation a case per cell, informational.
import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from '../dist/src/cli/commands/report.js';
import { junitXml } from '../dist/src/report/junit.js';
import { documentSuites } from '../dist/src/report/junit-documents.js';
import { racedemo } from './cli.js';
import { fixture } from './html-pages.js';

interface Testcase {
  '@_name': string;
  '@_classname': string;
  'system-out'?: string;
  failure?: { '#text': string; '@_message': string; '@_type': string };
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  properties?: { property: Array<{ '@_name': string; '@_value': string }> };
  testcase?: Testcase[];
}

function parse(xml: string): Suite[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' });
  const root = parser.parse(xml) as { testsuites: { testsuite?: Suite[]; '@_failures': string } };
  return root.testsuites.testsuite ?? [];
}

const failuresOf = (suites: Suite[]): Testcase[] => suites.flatMap((suite) => suite.testcase ?? []).filter((testcase) => testcase.failure);

describe('run --format junit', () => {
  it('a failing --expect safe is one test case with one failure, naming the outcomes that raced; exit 1', async () => {
    const { code, stdout, stderr } = await racedemo(['run', 'thread-counter', '--no-lock', '--trials', '10', '--window', '0.5', '--expect', 'safe', '--format', 'junit']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^racedemo: expected no race, but \d+ of 10 trials raced\n$/);
    const suites = parse(stdout);
    expect(suites).toHaveLength(1);
    expect(suites[0]?.['@_tests']).toBe('1');
    const failures = failuresOf(suites);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.['@_name']).toBe('expect safe');
    expect(failures[0]?.failure?.['@_message']).toMatch(/^expected no race, but \d+ of 10 trials raced$/);
    expect(failures[0]?.failure?.['#text']).toMatch(/^final \d+: \d+ trials?, raced \(lost \d+\)/);
    expect(stderr).not.toContain('::error');
  });

  it('--compare --expect safe with the lock holding: two suites, the case on the locked run, no failure, exit 0', async () => {
    const { code, stdout } = await racedemo(['run', 'thread-counter', '--compare', '--trials', '5', '--expect', 'safe', '--format', 'junit']);
    expect(code).toBe(0);
    const suites = parse(stdout);
    expect(suites.map((suite) => suite['@_tests'])).toEqual(['0', '1']);
    expect(suites[1]?.['@_name']).toBe('racedemo run thread-counter (lock, threads)');
    expect(failuresOf(suites)).toEqual([]);
  });

  it('under GITHUB_ACTIONS=true a failed --expect is also an ::error:: annotation on stderr', async () => {
    const { code, stderr } = await racedemo(['run', 'thread-counter', '--no-lock', '--trials', '10', '--window', '0.5', '--expect', 'safe', '-q'], { GITHUB_ACTIONS: 'true' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^::error title=racedemo --expect safe::expected no race, but \d+ of 10 trials raced\nracedemo: expected no race/);
  });
});

describe('litmus --format junit', () => {
  it('a suite per access mode: with plain accesses one "no forbidden outcome" case, with Atomics a case per forbidden outcome; none seen, exit 0', async () => {
    const { code, stdout, stderr } = await racedemo(['litmus', 'SB', '--samples', '5000', '--format', 'junit']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const suites = parse(stdout);
    expect(suites.map((suite) => suite['@_name'])).toEqual(['racedemo litmus SB (plain)', 'racedemo litmus SB (atomics)']);
    expect(suites.map((suite) => (suite.testcase ?? []).map((testcase) => `${testcase['@_classname']}: ${testcase['@_name']}`))).toEqual([
      ['racedemo.litmus.SB.plain: no forbidden outcome'],
      ['racedemo.litmus.SB.atomics: forbidden r0=0 r1=0 never seen'],
    ]);
    expect(failuresOf(suites)).toEqual([]);
    const properties = Object.fromEntries((suites[0]?.properties?.property ?? []).map((property) => [property['@_name'], property['@_value']]));
    expect(properties).toMatchObject({ test: 'SB', access: 'plain', arch: process.arch });
    expect(properties.v8).toBe(process.versions.v8);
  });

  it('--format junit with --json is one line, exit 2', async () => {
    const { code, stdout, stderr } = await racedemo(['litmus', 'SB', '--json', '--format', 'junit']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('racedemo: --json and --format junit ask for different formats; give one\n');
  });
});

describe('junit of saved documents', () => {
  it('a litmus forbidden outcome that was seen is a failure; one never seen passes', () => {
    const documents = JSON.parse(readFileSync(fixture('litmus.json'), 'utf8')) as Array<{ samples: number; outcomes: Array<{ grade: string; samples: number }> }>;
    const suitesClean = parse(junitXml(documentSuites(parseDocuments(JSON.stringify(documents), 'litmus.json'))));
    expect(failuresOf(suitesClean)).toEqual([]);
    const forbidden = documents[1]?.outcomes.find((outcome) => outcome.grade === 'forbidden');
    if (!forbidden) throw new Error('fixture without a forbidden outcome');
    forbidden.samples = 3;
    const failures = failuresOf(parse(junitXml(documentSuites(parseDocuments(JSON.stringify(documents), 'litmus.json')))));
    expect(failures.map((testcase) => testcase.failure?.['@_message'])).toEqual([`forbidden outcome r0=0 r1=0 seen in 3 of ${documents[1]?.samples} samples`]);
  });

  it('isolation: a passing case per level and anomaly, named the same whatever the verdict, the verdict in its output', () => {
    const suites = parse(junitXml(documentSuites(parseDocuments(readFileSync(fixture('isolation.json'), 'utf8'), 'isolation.json'))));
    expect(suites).toHaveLength(1);
    const cases = suites[0]?.testcase ?? [];
    expect(cases).toHaveLength(30);
    expect(failuresOf(suites)).toEqual([]);
    const p4 = cases.find((testcase) => testcase['@_name'] === 'P4 at read committed');
    expect(p4?.['@_classname']).toBe('racedemo.isolation.postgres.read-committed');
    expect(p4?.['system-out']).toMatch(/^occurs: both read x=10; final x=11/);
    const properties = Object.fromEntries((suites[0]?.properties?.property ?? []).map((property) => [property['@_name'], property['@_value']]));
    expect(properties['occurs at serializable']).toBe('none');
    expect(properties['occurs at read committed']).toBe('PMP P4 G-single G2-item G2');
  });

  it('isolation on Redis and --fixes: a passing case per pattern and per fix', () => {
    const redis = parse(junitXml(documentSuites(parseDocuments(readFileSync(fixture('isolation-redis.json'), 'utf8'), 'redis.json'))));
    expect((redis[0]?.testcase ?? []).map((testcase) => testcase['@_name'])).toEqual([
      'lost update with GET then SET',
      'lost update with MULTI without WATCH',
      'lost update with WATCH + MULTI/EXEC',
      'lost update with INCR',
      'lost update with Lua script',
    ]);
    const fixes = parse(junitXml(documentSuites(parseDocuments(readFileSync(fixture('isolation-fixes.json'), 'utf8'), 'fixes.json'))));
    expect(fixes[0]?.testcase).toHaveLength(7);
    expect(fixes[0]?.testcase?.[0]?.['system-out']).toMatch(/^\d+ of 40 increments lost, 0 refused/);
    expect(failuresOf([...redis, ...fixes])).toEqual([]);
  });

  it('text that is not XML stays text, and characters XML cannot hold are dropped', () => {
    const xml = junitXml([{ name: 'a <b> & "c"\u0001', seconds: 0, properties: { "it's": '<x/>' }, cases: [{ name: ']]>', classname: 'c', seconds: 0, failure: { message: '<&>', type: 't', details: '\u0000</failure>' } }] }]);
    const suites = parse(xml);
    expect(suites[0]?.['@_name']).toBe('a <b> & "c"');
    expect(failuresOf(suites)[0]?.failure?.['@_message']).toBe('<&>');
    expect(failuresOf(suites)[0]?.failure?.['#text']).toBe('</failure>');
  });
});
