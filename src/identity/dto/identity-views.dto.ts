import { ApiProperty } from '@nestjs/swagger';

/** The shapes identity answers have (views.ts makes them); here for the OpenAPI document. */
export class UserViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: [String], example: ['team_settings'] }) permissions!: string[];
}

export class FirmViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ enum: ['trialing', 'active', 'past_due', 'canceled'] }) subscriptionStatus!:
    'trialing' | 'active' | 'past_due' | 'canceled';
}

export class MeDto {
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
  @ApiProperty({ type: FirmViewDto }) firm!: FirmViewDto;
}

export class ClientViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+14155550123' }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) timezone!: string | null;
  @ApiProperty() smsOptIn!: boolean;
  @ApiProperty({ description: 'whether the client can sign in to the portal' }) portalAccess!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A staff sign-in or sign-up: without `accessToken` when `?session=cookie` put it in the cookie. */
export class StaffSessionDto {
  @ApiProperty({ required: false, description: 'absent with ?session=cookie' }) accessToken?: string;
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
}

export class ClientSessionDto {
  @ApiProperty({ required: false, description: 'absent with ?session=cookie' }) accessToken?: string;
  @ApiProperty({ type: ClientViewDto }) client!: ClientViewDto;
}

/** A case as every case route answers it (CasesService.view). */
export class CaseViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String], description: "the case's clients" }) clientIds!: string[];
  @ApiProperty({ type: [String], description: "the case's staff members" }) staffIds!: string[];
  @ApiProperty({ format: 'uuid', description: 'the staff member who opened the case' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
