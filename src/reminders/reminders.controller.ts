import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPage } from '../common/http/api-responses.js';
import { IdPipe } from '../common/http/id.pipe.js';
import { PageQueryDto } from '../common/http/pagination.js';
import { RequiresPermission, StaffOnly } from '../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../identity/auth/request-context.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryViewDto } from './dto/delivery-view.dto.js';
import { CreateReminderRuleDto, ReminderRuleViewDto } from './dto/reminder-rule.dto.js';
import { ReminderRulesService } from './reminder-rules.service.js';

@ApiTags('messaging')
@Controller('api/v1')
@StaffOnly()
export class RemindersController {
  constructor(
    private readonly rules: ReminderRulesService,
    private readonly deliveries: DeliveriesService,
  ) {}

  @Get('messaging/reminder-rules')
  @ApiPage(ReminderRuleViewDto, "one page of the firm's rules, oldest first")
  @ApiErrors(400, 401)
  listRules(@CurrentStaff() staff: StaffContext, @Query() query: PageQueryDto) {
    return this.rules.list(staff.firm.id, query);
  }

  @Post('messaging/reminder-rules')
  @RequiresPermission('team_settings')
  @ApiCreatedResponse({
    type: ReminderRuleViewDto,
    description: 'the rule; its reminders for the upcoming shared events are planned',
  })
  @ApiErrors(400, 401, 403, 404)
  createRule(@CurrentStaff() staff: StaffContext, @Body() dto: CreateReminderRuleDto) {
    return this.rules.create(staff.firm.id, staff.user.id, dto);
  }

  @Delete('messaging/reminder-rules/:id')
  @HttpCode(204)
  @RequiresPermission('team_settings')
  @ApiNoContentResponse({ description: 'deleted; its pending reminders are cancelled' })
  @ApiErrors(401, 403, 404)
  async removeRule(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string): Promise<void> {
    await this.rules.remove(staff.firm.id, id);
  }

  /** Each client's reminders for the event, by dueAt. */
  @Get('events/:id/deliveries')
  @ApiPage(DeliveryViewDto, 'one page, by dueAt')
  @ApiErrors(400, 401, 404)
  listDeliveries(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string, @Query() query: PageQueryDto) {
    return this.deliveries.listForEvent(staff.firm.id, id, query);
  }
}
