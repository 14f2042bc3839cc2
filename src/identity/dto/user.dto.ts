import { ApiProperty } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { MIN_PASSWORD_LENGTH } from '../../common/http/validators.js';
import { PERMISSIONS, type Permission } from '../entities/staff-user.entity.js';

export class CreateUserDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` }) @MaxLength(1024)
  password!: string;
  @ApiProperty({ enum: PERMISSIONS, isArray: true })
  @IsArray() @ArrayUnique() @IsIn(PERMISSIONS, { each: true, message: `permissions must each be one of: ${PERMISSIONS.join(', ')}` })
  permissions!: Permission[];
}
