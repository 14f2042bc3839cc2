import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IdPipe } from '../common/http/id.pipe.js';
import { RequiresPermission, StaffOnly } from '../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../identity/auth/request-context.js';
import { PageQueryDto } from '../common/http/pagination.js';
import { CheckMessageTemplateDto, CreateMessageTemplateDto, UpdateMessageTemplateDto } from './dto/message-template.dto.js';
import { RenderMessageDto } from './dto/render-message.dto.js';
import { MERGE_FIELDS } from './merge-fields.js';
import { MessageComposer } from './message-composer.service.js';
import { MessageTemplatesService } from './message-templates.service.js';
import { messageTemplateView } from './messaging.views.js';

/** Why saving (or checking) a template is refused; the trial render uses the merge fields' examples. */
const SAVE_REFUSALS = '`validation_failed`, `unknown_merge_field` (with `fields`), `template_syntax_error` (with `line`, `column`), '
  + '`template_render_failed`, `sms_too_long` (over 1,600 characters with the examples), `template_too_costly` (a runaway render)';

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

  /** What the editor calls as the user types; registered before `templates/:id` so the path is never read as an id. */
  @Post('templates/check')
  @HttpCode(200)
  @ApiOkResponse({ description: '`{ ok: true }`: saving this template would be accepted' })
  @ApiBadRequestResponse({ description: SAVE_REFUSALS })
  async checkTemplate(@Body() dto: CheckMessageTemplateDto): Promise<{ ok: true }> {
    await this.templates.check(dto);
    return { ok: true };
  }

  @Post('templates')
  @RequiresPermission('team_settings')
  @ApiCreatedResponse({ description: 'the template' })
  @ApiBadRequestResponse({ description: SAVE_REFUSALS })
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
  @ApiOkResponse({ description: 'the template' })
  @ApiBadRequestResponse({ description: SAVE_REFUSALS })
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
  @ApiOkResponse({ description: '`{ subject?, body, smsSegments?, smsEncoding? }`' })
  @ApiBadRequestResponse({ description: '`validation_failed`, `unknown_merge_field`, `template_syntax_error`, `template_render_failed`' })
  @ApiUnprocessableEntityResponse({
    description: '`sms_too_long`: the SMS passes 1,600 characters (UTF-16 code units) once rendered; '
      + '`template_too_costly`: the render ran away (time, memory, or an email body over 200,000 characters) and was stopped',
  })
  render(@CurrentStaff() staff: StaffContext, @Body() dto: RenderMessageDto) {
    return this.composer.compose(staff.firm, dto);
  }
}
