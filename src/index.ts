// The public API for scenario authors: import { defineScenario } from 'racedemo'.
export { defineScenario, int32, float64, bytes } from './scenario/api.js';
export type * from './scenario/api.js';
