import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { CommonErrorCode, DomainError, notFound } from '../common/errors/domain-error.js';
import type { Page, PageQueryDto } from '../common/http/pagination.js';
import { keysetPage } from '../database/keyset-page.js';
import { RowLocks } from '../database/row-locks.js';
import { Transactions } from '../database/transactions.js';
import type { StaffContext } from './auth/request-context.js';
import type { UpdateUserDto } from './dto/user.dto.js';
import { Firm } from './entities/firm.entity.js';
import { Session } from './entities/session.entity.js';
import { StaffUser, type Permission } from './entities/staff-user.entity.js';
import { IdentityHooks } from './identity-hooks.js';
import type { StaffMemberRef } from './records.js';
import { TeamErrorCode } from './team.errors.js';
import { userView, type UserView } from './views.js';

const ADMIN: Permission = 'team_settings';
/** What a former member's password hash becomes: no scrypt hash, so nothing ever verifies against it. */
const NO_PASSWORD = '!removed';

/**
 * The firm's team: who is on it, their permissions, and offboarding. Every change that could take
 * team_settings away from someone runs with the firm's row locked, so two admins removing or demoting
 * each other at the same moment take turns and the second sees the first's result: the firm never
 * loses its last team_settings member.
 */
@Injectable()
export class TeamMembersService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly transactions: Transactions,
    private readonly rowLocks: RowLocks,
    private readonly hooks: IdentityHooks,
    private readonly clock: Clock,
  ) {}

  /** The firm's current members, or its former ones, oldest first. */
  async list(firmId: string, removed: boolean, query: PageQueryDto): Promise<Page<UserView>> {
    const qb = this.users
      .createQueryBuilder('u')
      .where('u.firmId = :firmId', { firmId })
      .andWhere(removed ? 'u.removedAt IS NOT NULL' : 'u.removedAt IS NULL');
    const page = await keysetPage(qb, 'createdAt', query);
    return { items: page.items.map(userView), nextCursor: page.nextCursor };
  }

  /** A new name or permissions; 409 last_team_admin if that would leave the firm without team_settings. */
  update(actor: StaffContext, userId: string, dto: UpdateUserDto): Promise<UserView> {
    return this.transactions.run(async (em) => {
      const { members, target } = await this.lockTeam(em, actor, userId);
      const permissions = dto.permissions ? [...new Set(dto.permissions)] : target.permissions;
      if (!permissions.includes(ADMIN)) assertAnotherAdmin(members, target.id);
      const changes = { name: dto.name?.trim() ?? target.name, permissions };
      await em.update(StaffUser, { id: target.id }, changes);
      return userView({ ...target, ...changes });
    });
  }

  /**
   * Offboarding's first part, in one transaction: the member's sessions die, they can no longer sign
   * in (their email moves to formerEmail, freeing it; the password hash is dropped), and the modules
   * above Identity do their part through IdentityHooks in the same transaction (feeds deleted, the Zoom
   * credential made unusable, upcoming events left). The record stays, as a former member.
   */
  remove(actor: StaffContext, userId: string): Promise<void> {
    return this.transactions.run(async (em) => {
      const { members, target } = await this.lockTeam(em, actor, userId);
      assertAnotherAdmin(members, target.id);
      await em.update(
        StaffUser,
        { id: target.id },
        {
          email: null,
          formerEmail: target.email,
          passwordHash: NO_PASSWORD,
          permissions: [],
          removedAt: this.clock.now(),
        },
      );
      await em.delete(Session, { kind: 'staff', subjectId: target.id });
      await this.hooks.emit({ kind: 'staff_removed', firmId: target.firmId, userId: target.id });
    });
  }

  /**
   * The member while they are still on the team, read in the caller's transaction and locked until it
   * ends, so a change racing their offboarding (a Zoom connection being stored) either sees the removal
   * or is seen by it. Null for a missing or former member.
   */
  async lockCurrentMember(userId: string): Promise<StaffMemberRef | null> {
    const user = await this.rowLocks.forUpdate(this.transactions.manager, StaffUser, { id: userId });
    return user && user.removedAt === null ? { id: user.id, firmId: user.firmId } : null;
  }

  /** Where a notice to a staff member goes (null once they were removed); null if there is no such member. */
  async contactOf(userId: string): Promise<{ email: string | null } | null> {
    const user = await this.transactions.manager.findOne(StaffUser, {
      select: { id: true, email: true },
      where: { id: userId },
    });
    return user ? { email: user.email } : null;
  }

  /**
   * Locks the firm's row (the per-firm turn every team change takes), then reads its current members,
   * locked too on MySQL so the read is current under REPEATABLE READ. The caller must still be a
   * member with team_settings now, not only when the request began: a racing change may have removed
   * or demoted them. Another firm's member, a former one and a missing one are all not_found.
   */
  private async lockTeam(
    em: EntityManager,
    actor: StaffContext,
    userId: string,
  ): Promise<{ members: StaffUser[]; target: StaffUser }> {
    await this.rowLocks.forUpdate(em, Firm, { id: actor.firm.id });
    const qb = em
      .createQueryBuilder(StaffUser, 'u')
      .where('u.firmId = :firmId AND u.removedAt IS NULL', { firmId: actor.firm.id });
    if (this.transactions.kind === 'mysql') qb.setLock('pessimistic_write');
    const members = await qb.getMany();
    const self = members.find((m) => m.id === actor.user.id);
    if (!self)
      throw new DomainError(
        CommonErrorCode.UNAUTHORIZED,
        'Sign in to continue: the access token is missing, expired or revoked.',
      );
    if (!self.permissions.includes(ADMIN)) {
      throw new DomainError(
        CommonErrorCode.TEAM_SETTINGS_REQUIRED,
        'You need the team settings permission to do this. Ask your firm owner to grant it.',
      );
    }
    const target = members.find((m) => m.id === userId);
    if (!target) throw notFound('That team member');
    return { members, target };
  }
}

/** Refuses a change that leaves `changing` without team_settings unless another current member has it. */
function assertAnotherAdmin(members: StaffUser[], changing: string): void {
  if (members.some((m) => m.id !== changing && m.permissions.includes(ADMIN))) return;
  throw new DomainError(
    TeamErrorCode.LAST_TEAM_ADMIN,
    'Your firm needs at least one member with the team settings permission. Give it to someone else first.',
  );
}
