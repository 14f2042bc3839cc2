import { Controller, Delete, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { StaffOnly } from '../../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../../identity/auth/request-context.js';
import { ZoomConnectionService } from './zoom-connection.service.js';
import { ZoomWebhookService } from './zoom-webhook.service.js';

@ApiTags('integrations')
@Controller('api/v1/integrations/zoom')
export class ZoomController {
  constructor(
    private readonly connections: ZoomConnectionService,
    private readonly webhooks: ZoomWebhookService,
  ) {}

  @Get()
  @StaffOnly()
  card(@CurrentStaff() staff: StaffContext) {
    return this.connections.card(staff);
  }

  @Post('connect')
  @HttpCode(200)
  @StaffOnly()
  async connect(@CurrentStaff() staff: StaffContext) {
    return { authorizeUrl: await this.connections.authorizeUrl(staff) };
  }

  /** The browser comes back here from Zoom; the state, not a bearer token, says whose connection it is. */
  @Get('callback')
  async callback(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    res.redirect(302, await this.connections.completeAuthorization(query));
  }

  @Delete()
  @StaffOnly()
  disconnect(@CurrentStaff() staff: StaffContext) {
    return this.connections.disconnect(staff.user.id);
  }

  @Post('webhook')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  webhook(
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('x-zm-signature') signature: unknown,
    @Headers('x-zm-request-timestamp') timestamp: unknown,
  ) {
    return this.webhooks.handle(req.rawBody, signature, timestamp);
  }
}
