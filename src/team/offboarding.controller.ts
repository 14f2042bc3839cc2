import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/http/api-responses.js';
import { IdPipe } from '../common/http/id.pipe.js';
import { RequiresPermission, StaffOnly } from '../identity/auth/auth.guards.js';
import { CurrentStaff, type StaffContext } from '../identity/auth/request-context.js';
import { OffboardingService } from './offboarding.service.js';

@ApiTags('identity')
@Controller('api/v1/users')
@StaffOnly()
export class OffboardingController {
  constructor(private readonly offboarding: OffboardingService) {}

  @Delete(':id')
  @HttpCode(204)
  @RequiresPermission('team_settings')
  @ApiNoContentResponse({
    description:
      'offboarded: sessions and feed URLs dead, Zoom grant revoked, off upcoming events; kept as a former member',
  })
  @ApiErrors(401, 403, 404, 409)
  async remove(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string): Promise<void> {
    await this.offboarding.offboard(staff, id);
  }
}
