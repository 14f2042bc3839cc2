import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsIanaTimeZone, MIN_PASSWORD_LENGTH } from '../../common/http/validators.js';

export class SignupDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) firmName!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(1024)
  password!: string;
  @ApiPropertyOptional({ example: 'America/New_York' }) @IsOptional() @IsIanaTimeZone() timezone?: string;
}

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(254) email!: string;
  @ApiProperty() @IsString() @MaxLength(1024) password!: string;
}

export class PortalLoginDto extends LoginDto {
  @ApiPropertyOptional({
    description:
      "The firm whose portal this is (each firm's portal link names it); only that firm's client record is considered",
  })
  @IsOptional()
  @IsUUID()
  firmId?: string;
}

/** `?session=cookie`: the session goes into an HttpOnly cookie instead of the answer (the web pages). */
export class SessionModeQuery {
  @ApiPropertyOptional({ enum: ['cookie'] }) @IsOptional() @IsIn(['cookie']) session?: 'cookie';
}
