import { ApiPropertyOptional, ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { E164, IsIanaTimeZone, MIN_PASSWORD_LENGTH } from '../../common/http/validators.js';

export class CreateClientDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) firstName!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) lastName!: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '+14155550123', description: 'E.164' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(E164, { message: 'phone must be in E.164 form, such as +14155550123' })
  phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'America/New_York' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIanaTimeZone()
  timezone?: string | null;
  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `portalPassword must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(1024)
  portalPassword?: string;
  // Absent leaves it as it is; null is no answer to "may we text you?" (the column holds true or false).
  @ApiPropertyOptional({ type: Boolean, description: 'consent to SMS; false when absent at create' })
  @ValidateIf((_, v) => v !== undefined)
  @IsBoolean()
  smsOptIn?: boolean;
}

/** Any create field; null only where a client may lack the value (PartialType would let null through everywhere). */
export class UpdateClientDto extends PartialType(OmitType(CreateClientDto, ['portalPassword'] as const), {
  skipNullProperties: false,
}) {
  /** A new password ends the client's sessions; null ends portal access (sessions and portal feed). */
  @ApiPropertyOptional({
    type: String,
    minLength: MIN_PASSWORD_LENGTH,
    nullable: true,
    description: 'null ends portal access',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `portalPassword must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(1024)
  portalPassword?: string | null;
}
