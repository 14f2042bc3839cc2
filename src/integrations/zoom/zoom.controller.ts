import { Controller, Delete, Get, Headers, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors } from '../../common/http/api-responses.js';
import { StaffOnly } from '../../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../../identity/auth/request-context.js';
import { ZoomAuthorizeDto, ZoomCardDto, ZoomDisconnectedDto } from './dto/zoom-views.dto.js';
import { ZoomCallbackGuard, type ZoomCallbackRequest } from './zoom-callback.guard.js';
import { ZoomConnectCookie } from './zoom-connect-cookie.js';
import { ZoomConnectionService } from './zoom-connection.service.js';
import { ZoomWebhookService } from './zoom-webhook.service.js';

@ApiTags('integrations')
@Controller('api/v1/integrations/zoom')
export class ZoomController {
  constructor(
    private readonly connections: ZoomConnectionService,
    private readonly webhooks: ZoomWebhookService,
    private readonly connectCookie: ZoomConnectCookie,
  ) {}

  @Get()
  @StaffOnly()
  @ApiOkResponse({ type: ZoomCardDto })
  @ApiErrors(401)
  card(@CurrentStaff() staff: StaffContext) {
    return this.connections.card(staff);
  }

  @Post('connect')
  @HttpCode(200)
  @StaffOnly()
  @ApiOkResponse({ type: ZoomAuthorizeDto })
  @ApiErrors(401, 403, 409)
  async connect(@CurrentStaff() staff: StaffContext, @Res({ passthrough: true }) res: Response) {
    const started = await this.connections.authorize(staff);
    this.connectCookie.set(res, started.browserBinding);
    return { authorizeUrl: started.authorizeUrl };
  }

  /**
   * The browser comes back here from Zoom; the state, not a bearer token, says whose connection it
   * is, and only the browser holding that flow's Connect cookie may finish it. The guard runs the
   * Zoom strategy (state, code exchange, account) and lets every request through with its outcome.
   */
  @Get('callback')
  @UseGuards(ZoomCallbackGuard)
  @ApiResponse({
    status: 302,
    description:
      'always a redirect, never an error body: to the Integrations page with `?zoom=connected`, ' +
      'or `?zoom=error&reason=` `access_denied`, `invalid_state` or `exchange_failed`',
    headers: {
      Location: {
        description: 'APP_URL/account/settings/firm/integrations?zoom=connected (or ?zoom=error&reason=...)',
        schema: { type: 'string', format: 'uri' },
      },
    },
  })
  async callback(
    @Query() query: Record<string, unknown>,
    @Req() req: ZoomCallbackRequest,
    @Res() res: Response,
  ): Promise<void> {
    const completed = await this.connections.completeAuthorization(query, {
      browser: req.zoomBrowser,
      outcome: req.zoomOutcome,
    });
    if (completed.flowConsumed) this.connectCookie.clear(res);
    res.redirect(302, completed.location);
  }

  @Delete()
  @StaffOnly()
  @ApiOkResponse({ type: ZoomDisconnectedDto })
  @ApiErrors(401, 403)
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
