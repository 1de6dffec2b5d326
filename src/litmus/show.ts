// `racedemo show litmus <test>`: the program as columns of code (one per
// thread), which outcomes each memory model allows and why, what x86 and ARM
// do, and what a JavaScript programmer should take from it.
import type { Context } from '../cli/output.js';
import { selectTests, formatOutcome } from './command.js';
import { litmusTests, type LitmusTest, type Operation } from './tests.js';

interface Hardware {
  why: string;
  x86: string;
  arm: string;
}

const hardware: Record<string, Hardware> = {
  SB: {
    why: "each store waits in its core's store buffer while the load after it already reads memory, so both loads can miss both stores",
    x86: 'allows it: the store buffer is the one relaxation of x86-TSO, and racedemo litmus SB shows it on x86 machines',
    arm: 'allows it (stores and loads are reordered freely without barriers)',
  },
  MP: {
    why: 'the two stores, or the two loads, were reordered (by the CPU, or by the compiler, which may move plain accesses)',
    x86: 'forbids it: stores leave in program order and loads are not reordered with each other (TSO)',
    arm: 'allows it: without stlr/ldar or a dmb, stores and loads to different addresses reorder',
  },
  LB: {
    why: "each load was delayed past the store that follows it, so it read the other thread's later store",
    x86: 'forbids it: a load is never reordered with a later store',
    arm: 'allows it architecturally; few cores show it in practice',
  },
  CoRR: {
    why: 'the two reads of x were reordered or answered from different places: JavaScript gives plain reads no coherence',
    x86: 'forbids it: the hardware is coherent, so seeing it would mean the compiler reordered the reads',
    arm: 'forbids it: ARMv8 is coherent too; only the compiler could produce it',
  },
  IRIW: {
    why: 'the two readers saw the writes in opposite orders: each reader reordered its loads, or the writes reached them at different times',
    x86: 'forbids it: x86 is multi-copy atomic and keeps loads in order',
    arm: 'allows it with plain loads (each reader may reorder its two loads); forbids it with ldar or an address dependency (other-multi-copy atomic); POWER allows it even then',
  },
  '2+2W': {
    why: "each thread's two stores reached memory out of order, so each first store overwrote the other thread's second",
    x86: 'forbids it: stores leave the store buffer in program order',
    arm: 'allows it: stores to different addresses may be reordered',
  },
};

function statement(operation: Operation, atomics: boolean): string {
  if (operation.op === 'store') return atomics ? `Atomics.store(${operation.loc}, i, ${operation.value})` : `${operation.loc}[i] = ${operation.value}`;
  return atomics ? `${operation.reg} = Atomics.load(${operation.loc}, i)` : `${operation.reg} = ${operation.loc}[i]`;
}

/** The actors side by side, one column each. */
function columns(test: LitmusTest, atomics: boolean): string[] {
  const cells = test.actors.map((actor, index) => [`thread ${index}`, ...actor.map((operation) => statement(operation, atomics))]);
  const widths = cells.map((column) => Math.max(...column.map((cell) => cell.length)) + 4);
  const rows = Math.max(...cells.map((column) => column.length));
  return Array.from({ length: rows }, (_, row) => `  ${cells.map((column, k) => (column[row] ?? '').padEnd(widths[k] ?? 0)).join('').trimEnd()}`);
}

export function litmusLesson(test: LitmusTest): string {
  const relaxed = test.outcomes.filter((outcome) => outcome.plain === 'interesting');
  const acceptable = test.outcomes.filter((outcome) => outcome.plain === 'acceptable');
  const shown = relaxed.map((outcome) => formatOutcome(outcome.values)).join(', ');
  const facts = hardware[test.name];
  const observed = test.finals.length > 0 ? `the final values of ${test.finals.join(' and ')}` : 'the registers';
  return wrapLines([
    `${test.name} — ${test.title}`,
    '',
    `Every location starts at 0; the outcome is ${observed}.`,
    '',
    'The program, plain accesses (racedemo litmus --access plain)',
    ...columns(test, false),
    '',
    'The same with Atomics (--access atomics)',
    ...columns(test, true),
    '',
    'What each model allows',
    `  Sequential consistency (some interleaving): ${acceptable.length} outcomes, ${acceptable.length <= 4 ? acceptable.map((o) => formatOutcome(o.values)).join('; ') : 'all but ' + shown}.`,
    `  JavaScript, Atomics (SeqCst): the same, and nothing else: ${shown} is forbidden.`,
    `  JavaScript, plain typed-array accesses (Unordered): also ${shown} — interesting: ${relaxed[0]?.description ?? ''}.`,
    `    Why it can happen: ${facts?.why ?? ''}.`,
    `  x86 (TSO): ${facts?.x86 ?? ''}.`,
    `  ARMv8: ${facts?.arm ?? ''}.`,
    '',
    'What to take from it',
    '  Plain reads and writes of a SharedArrayBuffer promise no order between threads: not from the',
    '  CPU, and not from the compiler, whatever your machine happens to show today. For anything',
    '  another thread reads, use Atomics (load, store, compareExchange, wait/notify) or a lock built',
    '  on them: then the only outcomes are the interleavings.',
    '',
    `Try: racedemo litmus ${test.name}`,
  ]).join('\n');
}

/** Breaks lines longer than `width` between words, keeping their indent (plus two for continuations). */
function wrapLines(lines: string[], width = 100): string[] {
  return lines.flatMap((line) => {
    if (line.length <= width) return [line];
    const indent = /^ */.exec(line)?.[0] ?? '';
    const out: string[] = [];
    let current = '';
    for (const word of line.trim().split(' ')) {
      const prefix = out.length === 0 ? indent : `${indent}  `;
      if (current && prefix.length + current.length + 1 + word.length > width) {
        out.push(prefix + current);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    out.push((out.length === 0 ? indent : `${indent}  `) + current);
    return out;
  });
}

export function showLitmus(name: string | undefined, flags: { json?: boolean }, context: Context): void {
  const output = context.out;
  const tests = name ? selectTests(name) : [...litmusTests];
  if (flags.json) {
    const documents = tests.map((test) => ({ ...test, hardware: hardware[test.name] }));
    output.line(JSON.stringify(documents.length === 1 ? documents[0] : documents, null, 2));
    return;
  }
  output.line(tests.map(litmusLesson).join('\n\n'));
}
