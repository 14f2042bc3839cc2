import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesService } from './cases.service.js';
import { ClientsService } from './clients.service.js';
import { Client } from './entities/client.entity.js';
import { Firm } from './entities/firm.entity.js';
import { CaseClient, CaseStaff, LegalCase } from './entities/legal-case.entity.js';
import { StaffUser } from './entities/staff-user.entity.js';
import { FirmsService } from './firms.service.js';
import { IdentityHooks } from './identity-hooks.js';

/**
 * Identity's firms, clients and cases and the services other modules read them through, without the
 * HTTP side (controllers, guards, Swagger): what the reminder worker loads. IdentityModule re-exports it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Firm, StaffUser, Client, LegalCase, CaseClient, CaseStaff])],
  providers: [IdentityHooks, ClientsService, CasesService, FirmsService],
  exports: [IdentityHooks, ClientsService, CasesService, FirmsService],
})
export class IdentityCoreModule {}
