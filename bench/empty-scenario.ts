// A scenario whose workers do nothing: running it measures what one trial
// costs an engine by itself (reset, start barrier, reports, judging).
import { defineScenario, int32 } from '../src/scenario/api.js';

export default defineScenario({
  name: 'empty',
  summary: 'Workers that do nothing: the cost of a trial itself',
  engine: 'threads',
  defaults: { workers: 2, iterations: 1, window: 0, pause: 0 },
  memory: () => ({ counter: int32(0) }),
  expected: () => ({ counter: 0 }),
  async worker() {
    // nothing: the trial's own overhead is what is measured
  },
});
