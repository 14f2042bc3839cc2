import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ClientOnly } from '../identity/auth/auth.guards.js';
import { CurrentClient, type ClientContext } from '../identity/auth/request-context.js';

@ApiTags('portal')
@Controller('api/v1/portal')
@ClientOnly()
export class PortalController {
  /** The signed-in client and their firm, for the portal header. */
  @Get('me')
  me(@CurrentClient() { client, firm }: ClientContext) {
    return {
      client: { id: client.id, firstName: client.firstName, lastName: client.lastName, email: client.email, timezone: client.timezone },
      firm: { id: firm.id, name: firm.name },
    };
  }
}
