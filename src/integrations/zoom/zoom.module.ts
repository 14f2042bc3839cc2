import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../../identity/identity.module.js';
import { ZoomApiClient } from './zoom-api.client.js';
import { ZoomConnectCookie } from './zoom-connect-cookie.js';
import { ZoomConnectionEvents } from './zoom-connection.events.js';
import { ZoomConnectionService } from './zoom-connection.service.js';
import { ZoomCredential } from './zoom-credential.entity.js';
import { ZoomKeepAliveJob } from './zoom-keep-alive.job.js';
import { ZoomOAuthClient } from './zoom-oauth.client.js';
import { ZoomOffboarding } from './zoom-offboarding.js';
import { ZoomOAuthState } from './zoom-oauth-state.entity.js';
import { ZoomOAuthStateStore } from './zoom-oauth-state.store.js';
import { ZoomTokenService } from './zoom-token.service.js';
import { ZoomWebhookService } from './zoom-webhook.service.js';
import { ZoomController } from './zoom.controller.js';
import { ZoomFormMeetingService } from './zoom-form-meeting.service.js';
import { ZoomMeetingService } from './zoom-meeting.service.js';
import { ZoomMeetingsController } from './zoom-meetings.controller.js';
import { ZoomStrategy } from './zoom.strategy.js';

/** Each staff member's own Zoom connection, and the tokens that use it. */
@Module({
  imports: [TypeOrmModule.forFeature([ZoomCredential, ZoomOAuthState]), IdentityModule],
  controllers: [ZoomController, ZoomMeetingsController],
  providers: [
    ZoomOAuthClient,
    ZoomApiClient,
    ZoomOAuthStateStore,
    ZoomStrategy,
    ZoomTokenService,
    ZoomConnectionService,
    ZoomConnectionEvents,
    ZoomWebhookService,
    ZoomKeepAliveJob,
    ZoomMeetingService,
    ZoomFormMeetingService,
    ZoomConnectCookie,
    ZoomOffboarding,
  ],
  exports: [
    ZoomTokenService,
    ZoomApiClient,
    ZoomConnectionService,
    ZoomOffboarding,
    ZoomConnectionEvents,
    ZoomMeetingService,
    ZoomOAuthStateStore,
  ],
})
export class ZoomModule {}
