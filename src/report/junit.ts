// JUnit XML as GitHub, GitLab and Jenkins read it: <testsuites> of
// <testsuite>s of <testcase>s, a failing case carrying a <failure> with the
// outcome that broke it. Text is escaped, and characters XML 1.0 cannot hold
// are dropped.

export interface JunitCase {
  name: string;
  classname: string;
  seconds: number;
  /** Absent when the case passed. */
  failure?: { message: string; type: string; details: string };
  output?: string;
}

export interface JunitSuite {
  name: string;
  seconds: number;
  properties: Record<string, string | number | boolean>;
  cases: JunitCase[];
  output?: string;
}

/** Characters XML 1.0 forbids (controls other than tab, newline, return; lone surrogates; U+FFFE/F). */
const invalid = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlText(value: string | number | boolean): string {
  return String(value)
    .replace(invalid, '')
    .replace(/[&<>"']/g, (character) => entities[character] ?? character);
}

const seconds = (value: number): string => value.toFixed(3);

function caseXml(testcase: JunitCase): string {
  const open = `    <testcase name="${xmlText(testcase.name)}" classname="${xmlText(testcase.classname)}" time="${seconds(testcase.seconds)}"`;
  const body = [
    testcase.failure
      ? `      <failure message="${xmlText(testcase.failure.message)}" type="${xmlText(testcase.failure.type)}">${xmlText(testcase.failure.details)}</failure>`
      : '',
    testcase.output ? `      <system-out>${xmlText(testcase.output)}</system-out>` : '',
  ].filter(Boolean);
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

function suiteXml(suite: JunitSuite, id: number, timestamp: string): string {
  const failures = suite.cases.filter((testcase) => testcase.failure).length;
  const properties = Object.entries(suite.properties).map(([name, value]) => `      <property name="${xmlText(name)}" value="${xmlText(value)}"/>`);
  return [
    `  <testsuite name="${xmlText(suite.name)}" id="${id}" tests="${suite.cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(suite.seconds)}" timestamp="${timestamp}" hostname="localhost">`,
    ...(properties.length ? ['    <properties>', ...properties, '    </properties>'] : []),
    ...suite.cases.map(caseXml),
    ...(suite.output ? [`    <system-out>${xmlText(suite.output)}</system-out>`] : []),
    '  </testsuite>',
  ].join('\n');
}

export function junitXml(suites: readonly JunitSuite[], now = new Date()): string {
  const timestamp = now.toISOString().replace(/\.\d+Z$/, '');
  const tests = suites.reduce((sum, suite) => sum + suite.cases.length, 0);
  const failures = suites.reduce((sum, suite) => sum + suite.cases.filter((testcase) => testcase.failure).length, 0);
  const time = suites.reduce((sum, suite) => sum + suite.seconds, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="racedemo" tests="${tests}" failures="${failures}" errors="0" time="${seconds(time)}">`,
    ...suites.map((suite, index) => suiteXml(suite, index, timestamp)),
    '</testsuites>',
    '',
  ].join('\n');
}
