import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';
import { PasswordHasher } from './crypto/password-hasher.js';
import { SecretBox } from './crypto/secret-box.js';

/** Injectables every module uses. */
@Global()
@Module({ providers: [Clock, PasswordHasher, SecretBox], exports: [Clock, PasswordHasher, SecretBox] })
export class CommonModule {}
