// The tutorial's queue of work items: workers take items from a shared queue
// (a head index) and append a line "worker 3 got 7" to a shared transcript (a
// write cursor into a byte buffer). The tutorial's Queue is locked inside and
// its print is guarded by a lock; here one lock guards both the take and the
// append, and --no-lock shows what those locks prevent.
import { bytes, defineScenario, int32, type Judgement } from '../src/scenario/api.js';

const LINE = /^worker (\d+) got (\d+)$/;

export default defineScenario({
  name: 'queue-workers',
  summary: 'Workers take items from a shared queue and append "worker N got I" to a shared transcript',
  engine: 'threads',
  defaults: { workers: 4, iterations: 5, window: 0.1, pause: 0 },
  tutorial: { workers: 10, iterations: 2, window: 0, pause: 0 },
  lesson: {
    what:
      'The queue holds workers × iterations items. Each worker takes the item at the head (read head, write head + 1), ' +
      'then appends a line at the transcript cursor (read cursor, write text, write cursor + length).',
    whyItRaces:
      'Both steps read a shared index and write it back later. Two workers that read the same head take the same item ' +
      'twice and can set the head back (more takes than items); two that read the same cursor write over each ' +
      'other, leaving lost or garbled lines (taken > lines). Python\'s Queue does its own locking and the tutorial\'s print lock ' +
      'keeps lines whole: that is what the lock does here.',
    body: `while (true) {
  const item = await lock.run(async () => {
    const head = await memory.head.read();
    if (head >= items) return -1;         // queue empty
    await sleep(window);
    await memory.head.write(head + 1);
    return head;
  });
  if (item < 0) break;
  await memory.takes.write(worker - 1, (await memory.takes.read(worker - 1)) + 1);  // own slot: no race
  const line = \`worker \${worker} got \${item}\\n\`;
  await lock.run(async () => {
    const at = await memory.cursor.read();
    await sleep(window);
    await memory.transcript.write(at, line);
    await memory.cursor.write(at + line.length);
  });
  await sleep(pause);
}`,
  },
  memory: ({ workers, iterations }) => ({
    head: int32(0),
    cursor: int32(0),
    // Each worker counts its own takes in its own element: no race there, so the
    // total shows items taken twice even when the overwritten lines hide it.
    takes: int32(new Array<number>(workers).fill(0)),
    transcript: bytes(workers * iterations * 64 + 256),
  }),
  expected: ({ workers, iterations }) => ({ taken: workers * iterations, lines: workers * iterations, garbled: 0, missing: 0 }),
  judge(final, { workers, iterations }): Judgement {
    const items = workers * iterations;
    const seen = new Set<number>();
    let garbled = 0;
    let lines = 0;
    for (const line of final.transcript.slice(0, Math.max(0, final.cursor)).split('\n').slice(0, -1)) {
      const match = LINE.exec(line);
      const item = match ? Number(match[2]) : NaN;
      if (!match || item >= items) {
        garbled++;
        continue;
      }
      lines++;
      seen.add(item);
    }
    const taken = final.takes.reduce((sum, count) => sum + count, 0);
    // A take whose line is not intact in the transcript is a lost update.
    const missing = items - seen.size;
    const lost = Math.max(0, taken - lines);
    const twice = Math.max(0, taken - items);
    const words = [lost ? `lost ${lost}` : '', twice ? `${twice} taken twice` : '', garbled ? `garbled ${garbled}` : '', missing ? `missing ${missing}` : ''];
    return { final: { taken, lines, garbled, missing }, lost, word: words.filter(Boolean).join(', ') || 'out of order' };
  },
  async worker({ memory, lock, sleep, options, worker }) {
    const items = options.workers * options.iterations;
    // Unlocked, the head can move backwards; the cap keeps a worker from looping for long.
    for (let taken = 0; taken < items * 2; taken++) {
      const item = await lock.run(async () => {
        const head = await memory.head.read();
        if (head >= items) return -1;
        await sleep(options.window);
        await memory.head.write(head + 1);
        return head;
      });
      if (item < 0) return;
      await memory.takes.write(worker - 1, (await memory.takes.read(worker - 1)) + 1);
      const line = `worker ${worker} got ${item}\n`;
      await lock.run(async () => {
        const at = await memory.cursor.read();
        await sleep(options.window);
        await memory.transcript.write(at, line);
        await memory.cursor.write(at + line.length);
      });
      await sleep(options.pause);
    }
  },
});
