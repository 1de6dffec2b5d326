// The entry to the HTML report for the commands: the page for their
// documents, with the scenario's own explanation when they ran one.
import type { Scenario } from '../scenario/api.js';
import type { AnyDocument } from './guards.js';
import { renderPage } from './html/page.js';

export function htmlReport(documents: readonly AnyDocument[], scenario?: Scenario): string {
  const lessons = new Map(scenario?.lesson ? [[scenario.name, scenario.lesson]] : []);
  return renderPage(documents, { lessons });
}
