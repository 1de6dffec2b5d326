// What every kind's renderer may use besides its own document: the
// scenarios' lessons, what the runs in the same report observed, fresh ids.
import type { Lesson } from '../../scenario/api.js';
import type { Html } from './escape.js';

export interface RenderContext {
  /** Scenario name → its lesson (built-in scenarios only; a report never imports a path it was sent). */
  lessons: ReadonlyMap<string, Lesson>;
  /** Scenario name → the canonical keys of the final values that runs in this report observed. */
  observed: ReadonlyMap<string, ReadonlySet<string>>;
  /** A fresh id for an element, unique in the page. */
  id(prefix: string): string;
}

export type Renderer<D> = (document: D, context: RenderContext) => Html;
