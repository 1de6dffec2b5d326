// A futex-style mutex on one Int32 word (Drepper, "Futexes Are Tricky",
// mutex 2): 0 free, 1 held, 2 held with waiters. Uncontended acquire and
// release are one atomic each; waiters sleep in Atomics.wait instead of spinning.
const FREE = 0;
const HELD = 1;
const CONTENDED = 2;

export function acquireMutex(control: Int32Array, index: number): void {
  let state = Atomics.compareExchange(control, index, FREE, HELD);
  if (state === FREE) return;
  if (state !== CONTENDED) state = Atomics.exchange(control, index, CONTENDED);
  while (state !== FREE) {
    Atomics.wait(control, index, CONTENDED);
    state = Atomics.exchange(control, index, CONTENDED);
  }
}

export function releaseMutex(control: Int32Array, index: number): void {
  if (Atomics.sub(control, index, 1) !== HELD) {
    Atomics.store(control, index, FREE);
    Atomics.notify(control, index, 1);
  }
}
