import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/http/id.pipe.js';
import { RequiresPermission, StaffOnly } from '../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../identity/auth/request-context.js';
import { PageQueryDto } from '../common/http/pagination.js';
import { CreateMessageTemplateDto, UpdateMessageTemplateDto } from './dto/message-template.dto.js';
import { RenderMessageDto } from './dto/render-message.dto.js';
import { MERGE_FIELDS } from './merge-fields.js';
import { MessageComposer } from './message-composer.service.js';
import { MessageTemplatesService } from './message-templates.service.js';
import { messageTemplateView } from './messaging.views.js';

@ApiTags('messaging')
@Controller('api/v1/messaging')
@StaffOnly()
export class MessagingController {
  constructor(
    private readonly templates: MessageTemplatesService,
    private readonly composer: MessageComposer,
  ) {}

  /** The values a template may use; a fixed list, so it is always one page. */
  @Get('merge-fields')
  mergeFields() {
    return { items: MERGE_FIELDS.map((f) => ({ ...f })), nextCursor: null };
  }

  @Post('templates')
  @RequiresPermission('team_settings')
  createTemplate(@CurrentStaff() staff: StaffContext, @Body() dto: CreateMessageTemplateDto) {
    return this.templates.create(staff.firm.id, staff.user.id, dto);
  }

  @Get('templates')
  listTemplates(@CurrentStaff() staff: StaffContext, @Query() query: PageQueryDto) {
    return this.templates.list(staff.firm.id, query);
  }

  @Get('templates/:id')
  async getTemplate(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string) {
    return messageTemplateView(await this.templates.get(staff.firm.id, id));
  }

  @Patch('templates/:id')
  @RequiresPermission('team_settings')
  updateTemplate(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string, @Body() dto: UpdateMessageTemplateDto) {
    return this.templates.update(staff.firm.id, id, dto);
  }

  @Delete('templates/:id')
  @HttpCode(204)
  @RequiresPermission('team_settings')
  async deleteTemplate(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string): Promise<void> {
    await this.templates.delete(staff.firm.id, id);
  }

  /** The preview the UI shows: what this client would get for this event. */
  @Post('render')
  @HttpCode(200)
  render(@CurrentStaff() staff: StaffContext, @Body() dto: RenderMessageDto) {
    return this.composer.compose(staff.firm, dto);
  }
}
