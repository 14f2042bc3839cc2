import { cpus, totalmem } from 'node:os';
import { calendarFeedBench } from './calendar-feed.bench.js';
import { caseEventsBench } from './case-events.bench.js';
import { firmCalendarBench } from './firm-calendar.bench.js';
import { identityBench } from './identity.bench.js';
import { messagingBench, renderBench } from './messaging.bench.js';
import { searchBench } from './search.bench.js';
import { startupBench } from './startup.bench.js';
import { webBench } from './web.bench.js';
import { workerBench } from './worker.bench.js';
import { zoomBench } from './zoom.bench.js';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  startup: startupBench,
  identity: () => identityBench(),
  zoom: () => zoomBench(),
  'case-events': () => caseEventsBench(),
  'firm-calendar': () => firmCalendarBench(),
  'calendar-feed': () => calendarFeedBench(),
  messaging: () => messagingBench(),
  'messaging-render': () => renderBench(),
  web: () => webBench(),
  search: () => searchBench(),
  worker: () => workerBench(),
};

console.log(
  `# Benchmarks: ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
);
for (const [name, bench] of Object.entries(benches)) {
  // messaging-render is part of messaging; alone it is a quick check of the render rate.
  if (only ? only === name : name !== 'messaging-render') await bench();
}
process.exit(0);
