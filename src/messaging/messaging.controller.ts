import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPage, ErrorBodyDto } from '../common/http/api-responses.js';
import { IdPipe } from '../common/http/id.pipe.js';
import { RequiresPermission, StaffOnly } from '../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../identity/auth/request-context.js';
import { PageQueryDto } from '../common/http/pagination.js';
import {
  CheckMessageTemplateDto,
  CreateMessageTemplateDto,
  UpdateMessageTemplateDto,
} from './dto/message-template.dto.js';
import {
  MergeFieldDto,
  MessageTemplateViewDto,
  RenderedMessageDto,
  TemplateCheckDto,
} from './dto/messaging-views.dto.js';
import { RenderMessageDto } from './dto/render-message.dto.js';
import { MERGE_FIELDS } from './merge-fields.js';
import { MessageComposer } from './message-composer.service.js';
import { MessageTemplatesService } from './message-templates.service.js';
import { messageTemplateView } from './messaging.views.js';

/** Why saving (or checking) a template is refused; the trial render uses the merge fields' examples. */
const SAVE_REFUSALS =
  '`validation_failed`, `unknown_merge_field` (with `fields`), `template_syntax_error` (with `line`, `column`), ' +
  '`template_render_failed`, `sms_too_long` (over 1,600 characters with the examples), `template_too_costly` (a runaway render)';

/** The contract's error body for a 400 that names the save refusals. */
const ApiSaveRefusals = (): MethodDecorator =>
  ApiResponse({ status: 400, type: ErrorBodyDto, description: SAVE_REFUSALS });

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
  @ApiPage(MergeFieldDto, 'every merge field, in one page (nextCursor is null)')
  @ApiErrors(401)
  mergeFields() {
    return { items: MERGE_FIELDS.map((f) => ({ ...f })), nextCursor: null };
  }

  /** What the editor calls as the user types; registered before `templates/:id` so the path is never read as an id. */
  @Post('templates/check')
  @HttpCode(200)
  @ApiOkResponse({ type: TemplateCheckDto, description: 'saving this template would be accepted' })
  @ApiSaveRefusals()
  @ApiErrors(401, 403)
  async checkTemplate(@Body() dto: CheckMessageTemplateDto): Promise<{ ok: true }> {
    await this.templates.check(dto);
    return { ok: true };
  }

  @Post('templates')
  @RequiresPermission('team_settings')
  @ApiCreatedResponse({ type: MessageTemplateViewDto, description: 'the template' })
  @ApiSaveRefusals()
  @ApiErrors(401, 403)
  createTemplate(@CurrentStaff() staff: StaffContext, @Body() dto: CreateMessageTemplateDto) {
    return this.templates.create(staff.firm.id, staff.user.id, dto);
  }

  @Get('templates')
  @ApiPage(MessageTemplateViewDto, "one page of the firm's templates, oldest first")
  @ApiErrors(400, 401)
  listTemplates(@CurrentStaff() staff: StaffContext, @Query() query: PageQueryDto) {
    return this.templates.list(staff.firm.id, query);
  }

  @Get('templates/:id')
  @ApiOkResponse({ type: MessageTemplateViewDto })
  @ApiErrors(401, 404)
  async getTemplate(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string) {
    return messageTemplateView(await this.templates.get(staff.firm.id, id));
  }

  @Patch('templates/:id')
  @RequiresPermission('team_settings')
  @ApiOkResponse({ type: MessageTemplateViewDto, description: 'the template' })
  @ApiSaveRefusals()
  @ApiErrors(401, 403, 404)
  updateTemplate(
    @CurrentStaff() staff: StaffContext,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateMessageTemplateDto,
  ) {
    return this.templates.update(staff.firm.id, id, dto);
  }

  @Delete('templates/:id')
  @HttpCode(204)
  @RequiresPermission('team_settings')
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(401, 403, 404)
  async deleteTemplate(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string): Promise<void> {
    await this.templates.delete(staff.firm.id, id);
  }

  /** The preview the UI shows: what this client would get for this event. */
  @Post('render')
  @HttpCode(200)
  @ApiOkResponse({
    type: RenderedMessageDto,
    description: 'subject for an email; smsSegments and smsEncoding for an SMS',
  })
  @ApiResponse({
    status: 400,
    type: ErrorBodyDto,
    description:
      '`validation_failed` (also: templateId with a draft field, a draft without channel or body, an email without subject, ' +
      "a client not on the event's case), `unknown_merge_field`, `template_syntax_error`, `template_render_failed`",
  })
  @ApiResponse({
    status: 404,
    type: ErrorBodyDto,
    description: "`not_found`: the template, the event or the client is not one of your firm's",
  })
  @ApiResponse({
    status: 422,
    type: ErrorBodyDto,
    description:
      '`sms_too_long`: the SMS passes 1,600 characters (UTF-16 code units) once rendered; ' +
      '`template_too_costly`: the render ran away (time, memory, or an email body over 200,000 characters) and was stopped',
  })
  @ApiErrors(401, 403)
  render(@CurrentStaff() staff: StaffContext, @Body() dto: RenderMessageDto) {
    return this.composer.compose(staff.firm, dto);
  }
}
