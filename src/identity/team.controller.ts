import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPage } from '../common/http/api-responses.js';
import { UserViewDto } from './dto/identity-views.dto.js';
import { IdPipe } from '../common/http/id.pipe.js';
import { RequiresPermission, StaffOnly } from './auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from './auth/request-context.js';
import { ChangePasswordDto, CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto.js';
import { StaffUsersService } from './staff-users.service.js';
import { TeamMembersService } from './team-members.service.js';
import { userView } from './views.js';

/** The firm's team and the caller's own password. Offboarding (DELETE /users/:id) lives in TeamModule, above Zoom. */
@ApiTags('identity')
@Controller('api/v1')
@StaffOnly()
export class TeamController {
  constructor(
    private readonly users: StaffUsersService,
    private readonly team: TeamMembersService,
  ) {}

  @Get('users')
  @ApiPage(UserViewDto, "one page of the firm's current members (removed=true: its former members), oldest first")
  @ApiErrors(400, 401)
  listUsers(@CurrentStaff() staff: StaffContext, @Query() query: ListUsersQuery) {
    return this.team.list(staff.firm.id, query.removed === 'true', query);
  }

  @Post('users')
  @RequiresPermission('team_settings')
  @ApiCreatedResponse({ type: UserViewDto })
  @ApiErrors(400, 401, 403, 409)
  async createUser(@CurrentStaff() staff: StaffContext, @Body() dto: CreateUserDto) {
    return userView(await this.users.create({ ...dto, firmId: staff.firm.id }));
  }

  @Patch('users/:id')
  @RequiresPermission('team_settings')
  @ApiOkResponse({ type: UserViewDto, description: '409 last_team_admin: the firm would have no team_settings member' })
  @ApiErrors(400, 401, 403, 404, 409)
  updateUser(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.team.update(staff, id, dto);
  }

  @Post('me/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'changed; every other session of the user is dead' })
  @ApiErrors(400, 401, 403)
  async changePassword(@CurrentStaff() staff: StaffContext, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.users.changePassword(staff, dto.currentPassword, dto.newPassword);
  }
}
