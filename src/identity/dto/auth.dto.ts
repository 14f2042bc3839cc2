import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsIanaTimeZone, MIN_PASSWORD_LENGTH } from '../../common/http/validators.js';

export class SignupDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) firmName!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` }) @MaxLength(1024)
  password!: string;
  @ApiPropertyOptional({ example: 'America/New_York' }) @IsOptional() @IsIanaTimeZone() timezone?: string;
}

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(254) email!: string;
  @ApiProperty() @IsString() @MaxLength(1024) password!: string;
}
