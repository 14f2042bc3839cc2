import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';

export interface SealedSecret {
  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>`, all base64url. */
  sealed: string;
  keyId: string;
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

/**
 * AES-256-GCM with a random 96-bit IV per message. ENCRYPTION_KEY seals; it and
 * ENCRYPTION_KEYS_PREVIOUS open, found by the key id stored with each message.
 */
@Injectable()
export class SecretBox {
  private readonly current: { id: string; key: Buffer };
  private readonly keys = new Map<string, Buffer>();

  constructor(config: AppConfig) {
    const { current, previous } = config.encryptionKeys;
    const currentKey = Buffer.from(current, 'base64');
    this.current = { id: keyIdOf(currentKey), key: currentKey };
    for (const key of [currentKey, ...previous.map((k) => Buffer.from(k, 'base64'))]) this.keys.set(keyIdOf(key), key);
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plaintext: string, associatedData: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return { sealed: ['v1', this.current.id, ...parts].join('.'), keyId: this.current.id };
  }

  /** Throws when the key is unknown or the message was tampered with. */
  open(sealed: string, associatedData: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (version !== 'v1' || !key || !iv || !tag || ciphertext === undefined)
      throw new Error('Sealed secret cannot be opened with the configured keys');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
