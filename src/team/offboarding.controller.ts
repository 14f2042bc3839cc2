import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
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
  async remove(@CurrentStaff() staff: StaffContext, @Param('id', IdPipe) id: string): Promise<void> {
    await this.offboarding.offboard(staff, id);
  }
}
