import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { ZoomModule } from '../integrations/zoom/zoom.module.js';
import { OffboardingController } from './offboarding.controller.js';
import { OffboardingService } from './offboarding.service.js';

/** Offboarding, which needs Identity and Zoom both; the rest of the team routes are Identity's. */
@Module({
  imports: [IdentityModule, ZoomModule],
  controllers: [OffboardingController],
  providers: [OffboardingService],
})
export class TeamModule {}
