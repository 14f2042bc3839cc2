import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_ENV, AppConfig } from './app-config.js';
import { validateEnv } from './env.schema.js';

/** Validates the given environment once, at boot, and shares the result as AppConfig. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(env: Record<string, string | undefined> = process.env): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ [APP_ENV]: validateEnv(env) })] })],
      providers: [AppConfig],
      exports: [AppConfig],
    };
  }
}
