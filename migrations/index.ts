import { Identity1764000000000 } from './1764000000000-Identity.js';
import { ZoomIntegration1764000000300 } from './1764000000300-ZoomIntegration.js';

/** Listed explicitly so the same list loads under node, ts-jest and the TypeORM CLI. */
export const migrations = [Identity1764000000000, ZoomIntegration1764000000300];
