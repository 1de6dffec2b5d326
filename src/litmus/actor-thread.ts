// Entry of a raw worker thread running one litmus actor (see actor.ts).
import { workerData } from 'node:worker_threads';
import { runActor, type ActorData } from './actor.js';

runActor(workerData as ActorData);
