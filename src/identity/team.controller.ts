import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
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
  listUsers(@CurrentStaff() staff: StaffContext, @Query() query: ListUsersQuery) {
    return this.team.list(staff.firm.id, query.removed === 'true', query);
  }

  @Post('users')
  @RequiresPermission('team_settings')
  async createUser(@CurrentStaff() staff: StaffContext, @Body() dto: CreateUserDto) {
    return userView(await this.users.create({ ...dto, firmId: staff.firm.id }));
  }

  @Patch('users/:id')
  @RequiresPermission('team_settings')
  updateUser(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.team.update(staff, id, dto);
  }

  @Post('me/password')
  @HttpCode(204)
  async changePassword(@CurrentStaff() staff: StaffContext, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.users.changePassword(staff, dto.currentPassword, dto.newPassword);
  }
}
