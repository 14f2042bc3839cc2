import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/http/api-responses.js';
import { ApiPage } from '../common/http/api-responses.js';
import { CaseViewDto, ClientSessionDto, ClientViewDto, MeDto, StaffSessionDto } from './dto/identity-views.dto.js';
import { IdPipe } from '../common/http/id.pipe.js';
import { LoginRateLimitGuard } from '../common/rate-limit/login-rate-limit.guard.js';
import { AuthService } from './auth.service.js';
import { ClientOnly, StaffOnly } from './auth/auth.guards.js';
import { CurrentClient, CurrentStaff, type ClientContext, type StaffContext } from './auth/request-context.js';
import { SessionCookies } from './auth/session-cookies.js';
import { CasesService } from './cases.service.js';
import { ClientsService } from './clients.service.js';
import { LoginDto, PortalLoginDto, SessionModeQuery, SignupDto } from './dto/auth.dto.js';
import { CreateCaseDto, UpdateCaseDto } from './dto/case.dto.js';
import { SearchPageQueryDto } from '../common/http/search-page.query.js';
import { CreateClientDto, UpdateClientDto } from './dto/client.dto.js';
import { clientView, firmView, userView } from './views.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookies: SessionCookies,
  ) {}

  @Post('signup')
  @ApiCreatedResponse({ type: StaffSessionDto })
  @ApiErrors(400, 403, 409, 429)
  async signup(
    @Body() dto: SignupDto,
    @Query() mode: SessionModeQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (mode.session) this.cookies.checkOrigin(req);
    return this.cookies.deliver(res, 'staff', await this.auth.signup(dto, req.ip), mode.session);
  }

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOkResponse({ type: StaffSessionDto })
  @ApiErrors(400, 401, 403, 429)
  async login(
    @Body() dto: LoginDto,
    @Query() mode: SessionModeQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (mode.session) this.cookies.checkOrigin(req);
    return this.cookies.deliver(res, 'staff', await this.auth.login(dto.email, dto.password), mode.session);
  }

  @Post('logout')
  @HttpCode(204)
  @StaffOnly()
  @ApiNoContentResponse({ description: 'the session is dead, its cookie cleared' })
  @ApiErrors(401, 403)
  async logout(@CurrentStaff() staff: StaffContext, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(staff.token);
    this.cookies.clear(res, 'staff');
  }
}

@ApiTags('identity')
@Controller('api/v1')
@StaffOnly()
export class StaffController {
  constructor(
    private readonly clients: ClientsService,
    private readonly cases: CasesService,
  ) {}

  @Get('me')
  @ApiOkResponse({ type: MeDto })
  @ApiErrors(401)
  me(@CurrentStaff() staff: StaffContext) {
    return { user: userView(staff.user), firm: firmView(staff.firm) };
  }

  @Post('clients')
  @ApiCreatedResponse({ type: ClientViewDto })
  @ApiErrors(400, 401, 403, 409)
  async createClient(@CurrentStaff() staff: StaffContext, @Body() dto: CreateClientDto) {
    return clientView(await this.clients.create(staff.firm.id, dto));
  }

  @Get('clients')
  @ApiPage(ClientViewDto, "one page of the firm's clients, oldest first; q matches names and email")
  @ApiErrors(400, 401)
  async listClients(@CurrentStaff() staff: StaffContext, @Query() query: SearchPageQueryDto) {
    const page = await this.clients.list(staff.firm.id, query);
    return { items: page.items.map(clientView), nextCursor: page.nextCursor };
  }

  @Get('clients/:id')
  @ApiOkResponse({ type: ClientViewDto })
  @ApiErrors(401, 404)
  async getClient(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string) {
    return clientView(await this.clients.get(staff.firm.id, id));
  }

  @Patch('clients/:id')
  @ApiOkResponse({ type: ClientViewDto, description: 'portalPassword null ends portal access; 409 portal_email_taken' })
  @ApiErrors(400, 401, 403, 404, 409)
  async updateClient(
    @CurrentStaff() staff: StaffContext,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateClientDto,
  ) {
    return clientView(await this.clients.update(staff.firm.id, id, dto));
  }

  @Post('cases')
  @ApiCreatedResponse({ type: CaseViewDto })
  @ApiErrors(400, 401, 403)
  createCase(@CurrentStaff() staff: StaffContext, @Body() dto: CreateCaseDto) {
    return this.cases.create(staff.firm.id, staff.user.id, dto);
  }

  @Get('cases')
  @ApiPage(CaseViewDto, "one page of the firm's cases, oldest first; q matches titles")
  @ApiErrors(400, 401)
  listCases(@CurrentStaff() staff: StaffContext, @Query() query: SearchPageQueryDto) {
    return this.cases.list(staff.firm.id, query);
  }

  @Get('cases/:id')
  @ApiOkResponse({ type: CaseViewDto })
  @ApiErrors(401, 404)
  getCase(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string) {
    return this.cases.get(staff.firm.id, id);
  }

  @Patch('cases/:id')
  @ApiOkResponse({ type: CaseViewDto, description: "each list named replaces the case's list" })
  @ApiErrors(400, 401, 403, 404)
  updateCase(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string, @Body() dto: UpdateCaseDto) {
    return this.cases.update(staff.firm.id, id, dto);
  }
}

@ApiTags('portal')
@Controller('api/v1/portal/auth')
export class PortalAuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookies: SessionCookies,
  ) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOkResponse({ type: ClientSessionDto })
  @ApiErrors(400, 401, 403, 429)
  async login(
    @Body() dto: PortalLoginDto,
    @Query() mode: SessionModeQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (mode.session) this.cookies.checkOrigin(req);
    return this.cookies.deliver(res, 'client', await this.auth.portalLogin(dto), mode.session);
  }

  @Post('logout')
  @HttpCode(204)
  @ClientOnly()
  @ApiNoContentResponse({ description: 'the session is dead, its cookie cleared' })
  @ApiErrors(401, 403)
  async logout(@CurrentClient() client: ClientContext, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(client.token);
    this.cookies.clear(res, 'client');
  }
}
