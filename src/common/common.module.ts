import { Global, Module } from '@nestjs/common';
import { Claims } from './claims/claims.service.js';
import { Clock } from './clock.js';
import { PasswordHasher } from './crypto/password-hasher.js';
import { SecretBox } from './crypto/secret-box.js';

/** Injectables every module uses. */
@Global()
@Module({ providers: [Clock, PasswordHasher, SecretBox, Claims], exports: [Clock, PasswordHasher, SecretBox, Claims] })
export class CommonModule {}
