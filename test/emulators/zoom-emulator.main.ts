import { ZoomEmulator } from './zoom-emulator.js';

const port = Number(process.env.ZOOM_EMULATOR_PORT ?? 4010);
const clientId = process.env.ZOOM_CLIENT_ID ?? 'local-client-id';
const clientSecret = process.env.ZOOM_CLIENT_SECRET ?? 'local-client-secret';

const zoom = new ZoomEmulator({ clientId, clientSecret, port });
await zoom.start();

console.log(`Zoom emulator listening on ${zoom.baseUrl}`);
console.log(`  OAuth: ${zoom.baseUrl}/oauth/authorize, ${zoom.baseUrl}/oauth/token, ${zoom.baseUrl}/oauth/revoke`);
console.log(`  API:   ${zoom.apiBaseUrl}`);
console.log(`  In a browser, authorize shows a consent page: sign in as any email, then Allow or Deny.`);
console.log(
  `  For tests: GET ${zoom.baseUrl}/_emulator/meetings?email=, POST ${zoom.baseUrl}/_emulator/revoke-grant?email=`,
);
console.log('Set these for the app:');
console.log(`  ZOOM_OAUTH_BASE_URL=${zoom.baseUrl}`);
console.log(`  ZOOM_API_BASE_URL=${zoom.apiBaseUrl}`);
console.log(`  ZOOM_CLIENT_ID=${clientId}`);
console.log(`  ZOOM_CLIENT_SECRET=${clientSecret}`);

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, stopping Zoom emulator`);
  zoom.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
