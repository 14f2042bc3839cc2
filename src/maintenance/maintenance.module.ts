import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { ZoomModule } from '../integrations/zoom/zoom.module.js';
import { ExpiredRecordsJob } from './expired-records.job.js';

/** Housekeeping that runs in the app process. */
@Module({ imports: [IdentityModule, ZoomModule], providers: [ExpiredRecordsJob] })
export class MaintenanceModule {}
