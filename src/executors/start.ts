// The runner's one way to an engine: the store's wrapper when the slots live in
// a store (loaded only then, with its driver), else the local engine alone.
import type { EngineName } from '../scenario/api.js';
import type { Engine, EngineSetup } from './executor.js';
import { startLocalEngine } from './local.js';

/** Loads only the engine asked for, so `list` and `--help` never load piscina (or a store's driver). */
export async function startEngine(name: EngineName, setup: EngineSetup): Promise<Engine> {
  if (setup.store) {
    const { StoreEngine } = await import('../stores/store-engine.js');
    return StoreEngine.start(name, { ...setup, store: setup.store });
  }
  return startLocalEngine(name, setup);
}
