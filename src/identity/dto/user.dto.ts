import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import { MIN_PASSWORD_LENGTH } from '../../common/http/validators.js';
import { PERMISSIONS, type Permission } from '../entities/staff-user.entity.js';

const permissionsMessage = `permissions must each be one of: ${PERMISSIONS.join(', ')}`;

export class CreateUserDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(1024)
  password!: string;
  @ApiProperty({ enum: PERMISSIONS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(PERMISSIONS, { each: true, message: permissionsMessage })
  permissions!: Permission[];
}

/** PATCH /users/:id: absent leaves a field as it is; null is refused (a member always has a name and a list). */
export class UpdateUserDto {
  @ApiPropertyOptional() @ValidateIf((_, v) => v !== undefined) @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: PERMISSIONS, isArray: true })
  @ValidateIf((_, v) => v !== undefined)
  @IsArray()
  @ArrayUnique()
  @IsIn(PERMISSIONS, { each: true, message: permissionsMessage })
  permissions?: Permission[];
}

/** GET /users: ?removed&cursor&limit. */
export class ListUsersQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: "true: the firm's former members" })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'removed must be true or false' })
  removed?: 'true' | 'false';
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(1024) currentPassword!: string;
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `newPassword must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(1024)
  newPassword!: string;
}
