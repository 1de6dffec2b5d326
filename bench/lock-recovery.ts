// What happens to each cross-process lock design when its holder dies: one
// child takes the lock and is SIGKILLed holding it; the other then asks for
// it. Reports how long the survivor waited, or that it never got the lock.
// On a child's exit the parent does what each design would do with that
// news: racedemo's engine (engine.ts) puts the token back; for the bakery, it
// clears the child's entries; the broker drops a dead holder.
import { fork, type ChildProcess } from 'node:child_process';
import { clearBakeryEntries } from './bakery-lock.js';
import { benchBakery, createLockFiles, type ChildToParent, type LockJob, type ProcessDesign } from './lock-designs.js';
import { fixed } from './measure.js';
import { Broker } from './process-locks.js';

const childFile = new URL('./lock-child.js', import.meta.url);
const GIVE_UP_MS = 5_000;

export interface RecoveryFigures {
  design: ProcessDesign;
  /** ms from the survivor's acquire to the grant, the holder having been killed; null: it never came. */
  survivorWaitedMs: number | null;
}

export async function holderDies(design: Exclude<ProcessDesign, 'none'>): Promise<RecoveryFigures> {
  const files = createLockFiles(2);
  const broker = new Broker();
  const children: ChildProcess[] = [];
  const job = (me: number, role: 'die' | 'wait'): LockJob => ({
    type: 'job', design, ...files.paths, me, workers: 2, ops: 1, rounds: 1, role,
  });
  try {
    const waited = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => resolve(null), GIVE_UP_MS);
      for (const me of [0, 1]) {
        const child = fork(childFile, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [], serialization: 'advanced' });
        children.push(child);
        child.on('message', (message: ChildToParent) => {
          if (message.type === 'holding') children[1]?.send(job(1, 'wait'));
          else if (message.type === 'recovered') {
            clearTimeout(timer);
            resolve(message.ms);
          } else if (message.type === 'failed') reject(new Error(message.message));
          else if (message.type === 'acquire' || message.type === 'release') broker.handle(child, message.type);
        });
        child.on('exit', () => {
          // The OS tells the parent at once; each design gets what it would do with that news.
          if (design === 'tokens') files.pipes.reset();
          if (design === 'bakery') clearBakeryEntries(files.segment, benchBakery(files.layout), me);
          if (design === 'broker') broker.gone(child);
        });
      }
      children[0]?.send(job(0, 'die'));
    });
    return { design, survivorWaitedMs: waited === null ? null : fixed(waited, 2) };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    files.destroy();
  }
}
