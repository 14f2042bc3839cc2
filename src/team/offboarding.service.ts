import { Injectable } from '@nestjs/common';
import type { StaffContext } from '../identity/auth/request-context.js';
import { TeamMembersService } from '../identity/team-members.service.js';
import { ZoomOffboarding } from '../integrations/zoom/zoom-offboarding.js';

/**
 * DELETE /users/:id. Identity removes the member in one transaction, with every module above it doing
 * its part through IdentityHooks; only then, holding no transaction, is their Zoom grant revoked at
 * Zoom and the credential deleted (deleted even when Zoom cannot be reached), before the answer.
 * It lives above Zoom so that Identity never imports it.
 */
@Injectable()
export class OffboardingService {
  constructor(
    private readonly team: TeamMembersService,
    private readonly zoom: ZoomOffboarding,
  ) {}

  async offboard(actor: StaffContext, userId: string): Promise<void> {
    await this.team.remove(actor, userId);
    await this.zoom.revokeAndDelete(userId);
  }
}
