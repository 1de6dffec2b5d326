// The machine a result was measured on, carried by every JSON document so
// that two saved results can be compared fairly: CPU, cores, architecture,
// OS, Node and V8, and the load average when the command started.
import { availableParallelism, cpus, loadavg, release, type } from 'node:os';

export interface Environment {
  cpu: string;
  cores: number;
  arch: string;
  os: string;
  node: string;
  v8: string;
  /** 1, 5 and 15 minute load averages when the command started (zeros on Windows). */
  loadAverage: [number, number, number];
}

let atStart: Environment | undefined;

/** The environment, measured the first time it is asked for: call it as a command starts. */
export function environment(): Environment {
  atStart ??= measure();
  return atStart;
}

function measure(): Environment {
  const [one = 0, five = 0, fifteen = 0] = loadavg().map((load) => Math.round(load * 100) / 100);
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    arch: process.arch,
    os: `${type()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: [one, five, fifteen],
  };
}
