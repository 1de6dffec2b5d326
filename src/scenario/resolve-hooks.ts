// Module resolution hooks (node:module register) that let a scenario file
// anywhere on disk `import { defineScenario } from 'racedemo'`: the bare name
// resolves to this very installation, whether or not a node_modules holds it.
const racedemoIndex = new URL('../index.js', import.meta.url).href;

interface ResolveContext {
  conditions: string[];
  importAttributes: Record<string, string>;
  parentURL?: string;
}
interface ResolveResult {
  url: string;
  shortCircuit?: boolean;
  format?: string | null;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<ResolveResult>;

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  if (specifier === 'racedemo') return { url: racedemoIndex, shortCircuit: true };
  return nextResolve(specifier, context);
}
