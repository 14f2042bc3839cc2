import { cpus, totalmem } from 'node:os';
import { calendarFeedBench } from './calendar-feed.bench.js';
import { caseEventsBench } from './case-events.bench.js';
import { identityBench } from './identity.bench.js';
import { startupBench } from './startup.bench.js';
import { zoomBench } from './zoom.bench.js';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = { startup: startupBench, identity: () => identityBench(), zoom: () => zoomBench(), 'case-events': () => caseEventsBench(), 'calendar-feed': calendarFeedBench };

console.log(`# Benchmarks: ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
for (const [name, bench] of Object.entries(benches)) {
  if (!only || only === name) await bench();
}
process.exit(0);
