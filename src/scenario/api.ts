// The scenario author's API: shared-memory slot types, the worker context and
// defineScenario. A scenario body only sees these types, never an engine, so the
// same body runs on threads, on processes and (later) under a scheduler.

/** Where a scenario's workers run: the one list of engines (the --engine choices, a scenario's `engine`). */
export const engineNames = ['threads', 'processes'] as const;
export type EngineName = (typeof engineNames)[number];

/** The workload knobs every scenario understands. */
export interface Workload {
  /** Concurrent workers in one trial. */
  workers: number;
  /** Loop count inside each worker. */
  iterations: number;
  /** Milliseconds between a worker's read and its write: the race window. */
  window: number;
  /** Milliseconds between iterations. */
  pause: number;
}

export type NumberType = 'int32' | 'float64';

/** One shared number. */
export interface ScalarSlot {
  readonly kind: 'scalar';
  readonly type: NumberType;
  readonly initial: number;
}

/** A fixed-length shared array of numbers. */
export interface ArraySlot {
  readonly kind: 'array';
  readonly type: NumberType;
  readonly initial: readonly number[];
}

/** A shared byte buffer, read and written as text (UTF-8 bytes, NUL padded). */
export interface BytesSlot {
  readonly kind: 'bytes';
  readonly size: number;
}

export type Slot = ScalarSlot | ArraySlot | BytesSlot;

/** A scenario's shared memory: named slots. */
export type MemorySpec = Record<string, Slot>;

export function int32(initial: number): ScalarSlot;
export function int32(initial: readonly number[]): ArraySlot;
export function int32(initial: number | readonly number[]): Slot {
  return numberSlot('int32', initial);
}

export function float64(initial: number): ScalarSlot;
export function float64(initial: readonly number[]): ArraySlot;
export function float64(initial: number | readonly number[]): Slot {
  return numberSlot('float64', initial);
}

export function bytes(size: number): BytesSlot {
  return { kind: 'bytes', size };
}

function numberSlot(type: NumberType, initial: number | readonly number[]): Slot {
  return typeof initial === 'number'
    ? { kind: 'scalar', type, initial }
    : { kind: 'array', type, initial: [...initial] };
}

/** A shared number, as a worker sees it. Every access is awaitable (a switch point). */
export interface ScalarHandle {
  read(): Promise<number>;
  write(value: number): Promise<void>;
}

/** A shared array, as a worker sees it. */
export interface ArrayHandle {
  readonly length: number;
  read(index: number): Promise<number>;
  write(index: number, value: number): Promise<void>;
}

/** A shared byte buffer, as a worker sees it. */
export interface BytesHandle {
  readonly size: number;
  /** Text from `offset`, `length` bytes, NULs dropped. */
  read(offset: number, length: number): Promise<string>;
  /** Writes the text's UTF-8 bytes at `offset`; bytes past the end are dropped. */
  write(offset: number, text: string): Promise<void>;
}

export type MemoryHandles<M extends MemorySpec> = {
  [K in keyof M]: M[K] extends ScalarSlot ? ScalarHandle : M[K] extends ArraySlot ? ArrayHandle : BytesHandle;
};

/** The final contents of a scenario's memory, as plain values. */
export type MemoryValues<M extends MemorySpec> = {
  [K in keyof M]: M[K] extends ScalarSlot ? number : M[K] extends ArraySlot ? number[] : string;
};

/** The lock a scenario guards its critical sections with; a no-op under --no-lock. */
export interface Lock {
  acquire(): Promise<void>;
  release(): Promise<void>;
  /** Runs `section` holding the lock, and releases it however the section ends. */
  run<T>(section: () => Promise<T>): Promise<T>;
}

export interface WorkerContext<M extends MemorySpec> {
  memory: MemoryHandles<M>;
  lock: Lock;
  /** The scenario's named locks (`locks` in its definition); no-ops under --no-lock. */
  locks: Record<string, Lock>;
  /** Pauses this worker; fractional milliseconds are honoured, 0 returns at once. */
  sleep(ms: number): Promise<void>;
  options: Workload;
  /** This worker's number, 1-based. */
  worker: number;
}

/** JSON-compatible values: what a final value and an expected value are made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a judge makes of one trial's final memory. */
export interface Judgement {
  /** The final value as shown and grouped in the histogram. */
  final: Json;
  /** Updates lost in this trial (0 when it matches the expected value). */
  lost: number;
  /**
   * What went wrong, in the scenario's own words ('lost 20', 'created 20', 'ran twice'),
   * shown after 'race ·'. Without one: 'lost N', or 'N extra' when `lost` is negative.
   */
  word?: string;
}

/** Text for `racedemo show`. */
export interface Lesson {
  /** What the workers do, in a sentence or two. */
  what: string;
  /** What goes wrong without the lock, and why. */
  whyItRaces: string;
  /** The worker body as a reader should see it. */
  body: string;
}

export interface ScenarioDefinition<M extends MemorySpec = MemorySpec> {
  name: string;
  summary: string;
  /** The engine used when the user names none. */
  engine: EngineName;
  defaults: Workload;
  /** Settings that replay the original tutorial (`--preset tutorial`). */
  tutorial?: Partial<Workload>;
  lesson?: Lesson;
  /** Names of further locks, beyond the default `lock`, for scenarios that need several. */
  locks?: readonly string[];
  /** Fresh shared memory for one trial. */
  memory(options: Workload): M;
  /** The final value a correct (locked) run ends with. */
  expected(options: Workload): Json;
  /** Turns final memory into the value grouped in the histogram; by default the numeric slots. */
  judge?(final: MemoryValues<M>, options: Workload): Judgement;
  /** One worker's body; it runs in every worker of every trial. */
  worker(context: WorkerContext<M>): Promise<void>;
}

export interface Scenario<M extends MemorySpec = MemorySpec> extends ScenarioDefinition<M> {
  readonly kind: 'racedemo-scenario';
}

/** Declares a scenario; the module that calls it default-exports the result. */
export function defineScenario<M extends MemorySpec>(definition: ScenarioDefinition<M>): Scenario<M> {
  return { ...definition, kind: 'racedemo-scenario' };
}

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'racedemo-scenario';
}
