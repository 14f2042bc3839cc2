import { describe, expect, it } from '@jest/globals';
import { BadRequestException, FileTypeValidator, ParseFilePipe } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * @nestjs/common 12 depends on file-type 22, which declares Node 22+; package.json's `overrides`
 * holds it at 21.x (Node 20+, the Node this project names). What uses it is FileTypeValidator,
 * which reads a file's magic numbers; these run it on real signatures with the overridden version,
 * with no fallback to the declared mimetype, so a file-type that fails to load fails them.
 */
describe('file-type under @nestjs/common (the overrides entry)', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb004300', 'hex');
  const upload = (buffer: Buffer, mimetype: string) =>
    ({ fieldname: 'file', originalname: 'x', encoding: '7bit', mimetype, size: buffer.length, buffer }) as never;

  it('is the 21.x the override names, and supports the Node of package.json', () => {
    // The copy @nestjs/common imports: its own nested one if npm put one there, else the hoisted one.
    const nestCommon = dirname(createRequire(import.meta.url).resolve('@nestjs/common/package.json'));
    const nested = join(nestCommon, 'node_modules/file-type/package.json');
    const manifestPath = existsSync(nested) ? nested : join(nestCommon, '../../file-type/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      version: string;
      engines: { node: string };
    };
    expect(manifest.version).toMatch(/^21\./);
    expect(manifest.engines.node).toBe('>=20');
  });

  it('FileTypeValidator tells a PNG from a JPEG by content, whatever the declared type', async () => {
    const png = new FileTypeValidator({ fileType: 'image/png' });
    await expect(png.isValid(upload(PNG, 'image/png'))).resolves.toBe(true);
    const disguised = upload(JPEG, 'image/png');
    await expect(png.isValid(disguised)).resolves.toBe(false);
    expect(png.buildErrorMessage(disguised)).toBe(
      'Validation failed (current file type is image/jpeg, expected type is image/png)',
    );
  });

  it('ParseFilePipe with it answers 400 for a file that is not what it claims', async () => {
    const pipe = new ParseFilePipe({ validators: [new FileTypeValidator({ fileType: /^image\/(png|jpeg)$/ })] });
    await expect(pipe.transform(upload(JPEG, 'image/jpeg'))).resolves.toBeDefined();
    await expect(pipe.transform(upload(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'image/png'))).rejects.toThrow(
      BadRequestException,
    );
  });
});
